package io.dialout.demo;

import io.dialout.testkit.Sipp;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what sipp logged (its -trace_msg file) while a scenario runs. */
final class SippTrace {
    private SippTrace() {}

    /** Waits for the 200 OK to the INVITE and returns that message (headers and SDP). */
    static String awaitInviteOk(Sipp sipp, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (String msg : sipp.messages().split("-{20,}")) {
                if (msg.contains("SIP/2.0 200") && msg.matches("(?s).*CSeq: *1 INVITE.*")) {
                    return msg;
                }
            }
            if (!sipp.isRunning()) {
                break;
            }
            pause();
        }
        throw new AssertionError("no 200 OK to the INVITE; sipp said:\n" + sipp.output() + sipp.messages());
    }

    /** The port of the first m-line of that type in an SDP (or a message that holds one). */
    static int mediaPort(String sdp, String type) {
        Matcher m = Pattern.compile("m=" + type + " (\\d+) ").matcher(sdp);
        if (!m.find()) {
            throw new AssertionError("no m=" + type + " in\n" + sdp);
        }
        return Integer.parseInt(m.group(1));
    }

    private static void pause() {
        try {
            Thread.sleep(5); // polling a log file: there is no event to wait on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
