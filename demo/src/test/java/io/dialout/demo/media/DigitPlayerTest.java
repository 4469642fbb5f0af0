package io.dialout.demo.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The RFC 4733 packets the demo sends for digits, tick by tick. */
class DigitPlayerTest {
    @Test
    void eachDigitIsStartUpdatesAndThreeEnds() {
        DigitPlayer p = new DigitPlayer(160);
        p.enqueue('1');
        p.enqueue('#');
        p.enqueue('x'); // not a digit: ignored
        byte[] b = new byte[4];
        List<String> ticks = new ArrayList<>();
        long ts = 1000;
        for (int i = 0; i < 24; i++, ts += 160) {
            if (p.next(ts, b, 0)) {
                int duration = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
                ticks.add(b[0] + (p.marker() ? "M" : "") + ((b[1] & 0x80) != 0 ? "E" : "") + "@" + p.timestamp()
                        + "/" + duration);
            } else {
                ticks.add("audio");
            }
        }
        assertThat(ticks).containsExactly(
                "1M@1000/160", "1@1000/320", "1@1000/480", "1@1000/640", "1E@1000/800", "1E@1000/800",
                "1E@1000/800", "audio", "audio", "audio",
                "11M@2600/160", "11@2600/320", "11@2600/480", "11@2600/640", "11E@2600/800", "11E@2600/800",
                "11E@2600/800", "audio", "audio", "audio", "audio", "audio", "audio", "audio");
    }

    @Test
    void detectorReportsEachEventOnce() {
        DigitDetector d = new DigitDetector();
        List<Character> got = new ArrayList<>();
        long[] timestamps = {100, 100, 100, 100, 900, 900, 900, 1700};
        int[] events = {5, 5, 5, 5, 11, 11, 11, 0};
        for (int i = 0; i < timestamps.length; i++) {
            byte[] pkt = new byte[16];
            io.dialout.media.rtp.RtpPacket.writeHeader(pkt, 0, false, 101, i, timestamps[i], 1);
            pkt[12] = (byte) events[i];
            char c = d.onEvent(io.dialout.media.rtp.RtpPacket.of(pkt, 0, pkt.length));
            if (c != 0) {
                got.add(c);
            }
        }
        assertThat(got).containsExactly('5', '#', '0');
    }
}
