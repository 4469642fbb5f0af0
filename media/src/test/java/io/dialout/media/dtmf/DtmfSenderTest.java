package io.dialout.media.dtmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DtmfSenderTest {

    /** Ticks every 20 ms like the engine's loop, with the RTP timestamp an 8 kHz audio stream would have. */
    static List<String> run(DtmfSender s, int ticks, int clockRate) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ticks; i++) {
            long now = 1000 + i * 20L;
            DtmfSender.Packet p = s.poll(now, 5000 + (long) i * clockRate / 50);
            if (p != null) {
                DtmfEvent e = p.event();
                out.add((now - 1000) + "ms " + (p.marker() ? "M " : "") + "ts=" + p.timestamp() + " " + e.digit()
                        + (e.end() ? " E" : "") + " d=" + e.duration());
            }
        }
        return out;
    }

    @Test
    void oneDigitAt8kHz() {
        DtmfSender s = new DtmfSender(8000);
        s.enqueue("5", 100);
        assertThat(run(s, 10, 8000))
                .containsExactly(
                        "0ms M ts=5000 5 d=160", // start with the marker bit (RFC 4733 section 2.5.1.2)
                        "40ms ts=5000 5 d=480", // update: same timestamp, growing duration
                        "80ms ts=5000 5 E d=800", // end, three times (section 2.5.1.4)
                        "100ms ts=5000 5 E d=800",
                        "120ms ts=5000 5 E d=800");
        assertThat(s.isIdle()).isTrue();
    }

    @Test
    void longerDigitUpdatesAtLeastEvery50ms() {
        DtmfSender s = new DtmfSender(8000);
        s.enqueue("#", 250);
        List<String> packets = run(s, 20, 8000);
        assertThat(packets)
                .containsExactly(
                        "0ms M ts=5000 # d=160",
                        "40ms ts=5000 # d=480",
                        "80ms ts=5000 # d=800",
                        "120ms ts=5000 # d=1120",
                        "160ms ts=5000 # d=1440",
                        "200ms ts=5000 # d=1760",
                        "240ms ts=5000 # E d=2000",
                        "260ms ts=5000 # E d=2000",
                        "280ms ts=5000 # E d=2000");
    }

    @Test
    void digitsFollowEachOtherWithNewTimestampsAndAGap() {
        DtmfSender s = new DtmfSender(8000);
        s.enqueue("12", 60);
        assertThat(run(s, 20, 8000))
                .containsExactly(
                        "0ms M ts=5000 1 d=160",
                        "40ms ts=5000 1 E d=480",
                        "60ms ts=5000 1 E d=480",
                        "80ms ts=5000 1 E d=480",
                        // 20 ms after the last end packet plus the 50 ms gap: the next tick at or after 150 ms
                        "160ms M ts=6280 2 d=160",
                        "200ms ts=6280 2 E d=480",
                        "220ms ts=6280 2 E d=480",
                        "240ms ts=6280 2 E d=480");
    }

    @Test
    void opusClockAndDurationLimit() {
        DtmfSender s = new DtmfSender(48000);
        s.enqueue("A", 100);
        assertThat(run(s, 10, 48000)).startsWith("0ms M ts=5000 A d=960").contains("80ms ts=5000 A E d=4800");

        DtmfSender longOne = new DtmfSender(48000);
        longOne.enqueue("9", 5000); // 65535 units hold 1365 ms at 48 kHz
        List<String> packets = run(longOne, 100, 48000);
        assertThat(packets.get(packets.size() - 1)).endsWith("9 E d=65520");
    }

    @Test
    void activeWhileSending() {
        DtmfSender s = new DtmfSender(8000);
        assertThat(s.isActive()).isFalse();
        s.enqueue("0", 100);
        assertThat(s.isIdle()).isFalse();
        assertThat(s.isActive()).isFalse();
        s.poll(0, 0);
        assertThat(s.isActive()).isTrue();
    }

    @Test
    void rejectsNonDigitsAndFloods() {
        DtmfSender s = new DtmfSender(8000);
        assertThatThrownBy(() -> s.enqueue("12x", 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a DTMF digit: 'x'");
        assertThat(s.isIdle()).isTrue(); // nothing of a bad string is queued
        assertThatThrownBy(() -> s.enqueue("1".repeat(257), 100)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timestampWrapsAt32Bits() {
        DtmfSender s = new DtmfSender(8000);
        s.enqueue("1", 100);
        assertThat(s.poll(0, 0x1_0000_0005L).timestamp()).isEqualTo(5);
    }
}
