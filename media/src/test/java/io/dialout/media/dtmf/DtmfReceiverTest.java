package io.dialout.media.dtmf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DtmfReceiverTest {

    /**
     * Packets as "M?ts:digit[E]:duration" tokens separated by spaces, e.g. "M1000:5:160 1000:5:480 1000:5E:800".
     * Returns the digits reported.
     */
    static String feed(DtmfReceiver r, String packets) {
        StringBuilder out = new StringBuilder();
        for (String p : packets.trim().split(" +")) {
            boolean marker = p.startsWith("M");
            String[] f = (marker ? p.substring(1) : p).split(":");
            boolean end = f[1].endsWith("E");
            char digit = f[1].charAt(0);
            byte[] buf = new byte[4];
            new DtmfEvent(DtmfEvent.eventOf(digit) < 0 ? 16 : DtmfEvent.eventOf(digit), end, 10, Integer.parseInt(f[2]))
                    .encode(buf, 0);
            char c = r.receive(marker, Long.parseLong(f[0]), buf, 0, 4);
            if (c != DtmfReceiver.NONE) {
                out.append(c);
            }
        }
        return out.toString();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "complete event               | M1000:5:160 1000:5:480 1000:5E:800 1000:5E:800 1000:5E:800 | 5",
                "start packet lost            | 1000:5:480 1000:5E:800 1000:5E:800                          | 5",
                "only an end packet arrives   | 1000:5E:800                                                 | 5",
                "redundant ends ignored       | M1000:7:160 1000:7E:800 1000:7E:800 1000:7E:800 1000:7E:800  | 7",
                "same digit twice             | M1000:1:160 1000:1E:480 M2000:1:160 2000:1E:480              | 11",
                "new digit new timestamp      | M1000:1:160 1000:1E:480 M2000:#:160 2000:#E:480              | 1#",
                "reordered end of previous    | M1000:1:160 M2000:2:160 1000:1E:480 2000:2E:480              | 12",
                "long event second segment    | M1000:3:65535 66535:3:800 66535:3E:1600                      | 3",
                "non-DTMF event ignored       | M1000:x:160 1000:xE:800                                      | ''",
                "A to D                       | M1000:A:160 M2000:B:160 M3000:C:160 M4000:D:160              | ABCD",
                "timestamps near wrap         | M4294967000:9:160 4294967000:9E:800 M300:0:160               | 90",
            })
    void table(String name, String packets, String digits) {
        assertThat(feed(new DtmfReceiver(), packets)).isEqualTo(digits);
    }

    @Test
    void shortPayloadIgnored() {
        assertThat(new DtmfReceiver().receive(true, 1, new byte[3], 0, 3)).isEqualTo(DtmfReceiver.NONE);
    }

    /** The sender's packets through a lossy, duplicating channel: every digit is reported exactly once. */
    @Test
    void senderToReceiverWithLossAndDuplicates() {
        String digits = "0123456789*#ABCD5555";
        Random random = new Random(4733);
        for (int trial = 0; trial < 50; trial++) {
            DtmfSender s = new DtmfSender(8000);
            s.enqueue(digits, 80 + random.nextInt(200));
            DtmfReceiver r = new DtmfReceiver();
            StringBuilder got = new StringBuilder();
            int ends = 0;
            for (int tick = 0; tick < 2000 && !s.isIdle(); tick++) {
                DtmfSender.Packet p = s.poll(tick * 20L, tick * 160L);
                if (p == null) {
                    continue;
                }
                ends = p.event().end() ? ends + 1 : 0;
                // 30 % loss, except the third end packet: a receiver gets at least one packet of each event
                if (ends < 3 && random.nextInt(100) < 30) {
                    continue;
                }
                deliver(r, p, got);
                if (random.nextInt(100) < 10) {
                    deliver(r, p, got); // duplicate
                }
            }
            assertThat(got.toString()).as("trial %d", trial).isEqualTo(digits);
        }
    }

    private static void deliver(DtmfReceiver r, DtmfSender.Packet p, StringBuilder got) {
        byte[] buf = new byte[4];
        p.writePayload(buf, 0);
        char c = r.receive(p.marker(), p.timestamp(), buf, 0, 4);
        if (c != DtmfReceiver.NONE) {
            got.append(c);
        }
    }
}
