package io.dialout.gateway.sip;

import io.dialout.testkit.Sipp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads sipp's -trace_msg log in order (testkit's Sipp counts; these tests also check the order). */
final class SippLog {

    private SippLog() {}

    /** The first lines of the messages sipp received, in order: "INVITE", "ACK", "BYE", "SIP/2.0 200"... */
    static List<String> received(Sipp sipp) {
        List<String> out = new ArrayList<>();
        String[] lines = sipp.messages().split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains("message received") && i + 2 < lines.length) {
                String first = lines[i + 2].trim();
                out.add(first.startsWith("SIP/2.0") ? first.substring(0, 11) : first.split(" ")[0]);
            }
        }
        return out;
    }

    /** The received requests with this method, each as its text up to the blank line. */
    static List<String> requests(String log, String method) {
        List<String> out = new ArrayList<>();
        for (String block : log.split("message received")) {
            int start = block.indexOf(method + " sip:");
            if (start >= 0 && block.substring(0, start).trim().split("\n").length <= 2) {
                int end = block.indexOf("\n\n", start);
                out.add(block.substring(start, end < 0 ? block.length() : end));
            }
        }
        return out;
    }

    /** Waits until sipp logged {@code count} received messages whose first word is {@code first}. */
    static void awaitReceived(Sipp sipp, String first, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received(sipp).stream().filter(first::equals).count() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "sipp did not receive " + count + " " + first + ": " + received(sipp) + "\n" + sipp.messages());
            }
            Thread.sleep(20); // polling sipp's log file: there is no event to wait on
        }
    }
}
