package io.dialout.media.relay;

import static io.dialout.media.relay.StageFixture.MS;
import static io.dialout.media.relay.StageFixture.rtp;
import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.media.relay.DirectionState.Media;
import io.dialout.media.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VideoSwitchTest {

    static final long RED = 0x1001, GREEN = 0x2002;

    /** A VP8 packet (RFC 7741): descriptor with S set on the first packet of a frame, P=0 on a key frame. */
    static RtpPacket vp8(int seq, long ts, long ssrc, boolean frameStart, boolean key, boolean marker) {
        RtpPacket p = rtp(96, marker, seq, ts, ssrc, 20);
        p.buffer()[p.payloadOffset()] = (byte) (frameStart ? 0x10 : 0x00);
        p.buffer()[p.payloadOffset() + 1] = (byte) (key ? 0x00 : 0x01);
        return p;
    }

    @Test
    void aOneParticipantRoomsVideoPassesWhateverItsSsrc() {
        DirectionState state = StageFixture.state(StageFixture.room(), StageFixture.pcmu(), true, null);
        VideoSwitch sw = new VideoSwitch(state);
        assertThat(StageFixture.run(sw, vp8(1, 0, RED, true, true, true), 0)).isTrue();
        assertThat(StageFixture.run(sw, vp8(2, 3000, GREEN, true, false, true), MS))
                .as("a new SSRC of the same room (no meeting) is not filtered")
                .isTrue();
    }

    @Test
    void anUnknownCodecSwitchesBlindOneSecondAfterTheRequestWhileRetriesGoOn() {
        VideoSwitch sw = new VideoSwitch();
        sw.codec(VideoSwitch.Codec.OTHER);
        List<Long> requests = new ArrayList<>();
        sw.onKeyframeNeeded(requests::add);
        int seq = 1;
        long switchedAt = -1;
        for (long t = 0; t < 3000 && switchedAt < 0; t += 33) {
            if (t == 99) {
                sw.show(GREEN, t * MS);
            }
            StageFixture.run(sw, vp8(seq++, t * 90, RED, true, false, true), t * MS);
            if (StageFixture.run(sw, vp8(seq++, t * 90, GREEN, true, false, true), t * MS) && t > 99) {
                switchedAt = t;
            }
        }
        assertThat(sw.shown()).isEqualTo(GREEN);
        assertThat(switchedAt - 99)
                .as("the retries every 500 ms do not postpone the blind switch")
                .isBetween(1000L, 1100L);
        assertThat(requests).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void oneContinuousStreamAcrossASwitchMadeAtTheNewSourcesKeyframe() {
        DirectionState state = StageFixture.state(StageFixture.room(), StageFixture.pcmu(), true, null);
        VideoSwitch sw = new VideoSwitch();
        HeaderRewrite rewrite = new HeaderRewrite(state, Media.VIDEO);
        List<Long> requests = new ArrayList<>();
        sw.onKeyframeNeeded(requests::add);
        List<long[]> out = new ArrayList<>(); // our seq, our ts, source ssrc, arrival ms
        int redSeq = 100, greenSeq = 40000;
        long redTs = 5_000, greenTs = 3_000_000_000L;
        for (int frame = 0; frame < 30; frame++) {
            long t = frame * 33L;
            if (frame == 10) {
                sw.show(GREEN, t * MS);
            }
            // each source: a 2-packet frame every 33 ms; green's frame 14 is its keyframe (the answer to the PLI)
            for (int k = 0; k < 2; k++) {
                RtpPacket r = vp8(redSeq++, redTs, RED, k == 0, frame == 0, k == 1);
                if (StageFixture.run(sw, r, t * MS) && StageFixture.run(rewrite, r, t * MS)) {
                    out.add(new long[] {r.sequence(), r.timestamp(), RED, t, t});
                }
                RtpPacket g = vp8(greenSeq++ & 0xffff, greenTs, GREEN, k == 0, frame == 14, k == 1);
                if (StageFixture.run(sw, g, t * MS + MS) && StageFixture.run(rewrite, g, t * MS + MS)) {
                    out.add(new long[] {g.sequence(), g.timestamp(), GREEN, t, t + 1});
                }
            }
            redTs += 2970;
            greenTs = (greenTs + 2970) & 0xffffffffL;
        }
        assertThat(sw.shown()).isEqualTo(GREEN);
        assertThat(sw.switches()).isEqualTo(1);
        assertThat(requests)
                .as("a PLI for green at the switch, another 500 ms later had it not come")
                .containsExactly(GREEN);
        // red until green's keyframe (frame 14), green from it on: the old source was kept while waiting
        long lastRed =
                out.stream().filter(o -> o[2] == RED).mapToLong(o -> o[3]).max().orElseThrow();
        long firstGreen = out.stream()
                .filter(o -> o[2] == GREEN)
                .mapToLong(o -> o[3])
                .min()
                .orElseThrow();
        // green's keyframe came in frame 14, after the first packet of red's frame 14: that one was the last of red
        assertThat(lastRed).isEqualTo(14 * 33);
        assertThat(firstGreen).isEqualTo(14 * 33);
        assertThat(out).hasSize(14 * 2 + 1 + 16 * 2);
        for (int i = 1; i < out.size(); i++) {
            long[] a = out.get(i - 1), b = out.get(i);
            assertThat(b[0]).as("sequence continues at %d", i).isEqualTo((a[0] + 1) & 0xffff);
            long dts = (b[1] - a[1]) & 0xffffffffL;
            if (b[2] == a[2] && b[3] == a[3]) {
                assertThat(dts).as("same frame, same timestamp").isZero();
            } else {
                // the timestamp goes on with the 90 kHz clock, across the switch too (a frame later: 2970)
                assertThat(dts)
                        .as("timestamp step at %d", i)
                        .isBetween(90 * (b[4] - a[4]) - 90, 90 * (b[4] - a[4]) + 90);
            }
        }
    }

    @Test
    void theRequestIsRepeatedWhileTheKeyframeDoesNotComeAndOthersAreDropped() {
        VideoSwitch sw = new VideoSwitch();
        List<Long> requests = new ArrayList<>();
        sw.onKeyframeNeeded(requests::add);
        assertThat(StageFixture.run(sw, vp8(1, 0, RED, true, true, true), 0)).isTrue();
        sw.show(GREEN, 0);
        assertThat(StageFixture.run(sw, vp8(2, 90, RED, true, false, true), 100 * MS))
                .isTrue();
        assertThat(StageFixture.run(sw, vp8(9, 90, GREEN, true, false, true), 100 * MS))
                .isFalse();
        assertThat(StageFixture.run(sw, vp8(5, 90, 0x3003, true, true, true), 100 * MS))
                .as("not shown, not pending")
                .isFalse();
        assertThat(StageFixture.run(sw, vp8(3, 90, RED, true, false, true), 600 * MS))
                .isTrue();
        assertThat(requests).containsExactly(GREEN, GREEN);
        assertThat(sw.packetsDropped()).isEqualTo(2);
        sw.show(RED, 700 * MS); // changed its mind before green came: nothing pending any more
        assertThat(sw.pending()).isEqualTo(-1);
        assertThat(StageFixture.run(sw, vp8(10, 180, GREEN, true, true, true), 800 * MS))
                .isFalse();
    }

    @Test
    void keyframeStartsOfVp8AndH264() {
        // VP8 with X, I (15-bit picture id), L, T/K: the payload header after 5 descriptor bytes
        byte[] vp8 = {(byte) 0x90, (byte) 0xE0, (byte) 0x80, 0x01, 0x00, 0x00, 0x01};
        assertThat(VideoSwitch.vp8KeyframeStart(vp8, 0, vp8.length)).isFalse(); // byte 4 is TL0PICIDX, 5 TID
        byte[] vp8Key = {(byte) 0x90, (byte) 0xE0, (byte) 0x80, 0x01, 0x00, 0x00, 0x00};
        assertThat(VideoSwitch.vp8KeyframeStart(vp8Key, 0, 6)).isFalse(); // truncated
        assertThat(VideoSwitch.vp8KeyframeStart(vp8Key, 0, vp8Key.length)).isTrue();
        assertThat(VideoSwitch.vp8KeyframeStart(new byte[] {0x11, 0x00}, 0, 2))
                .as("partition 1")
                .isFalse();
        assertThat(VideoSwitch.h264KeyframeStart(new byte[] {0x65, 0x00}, 0, 2))
                .as("IDR")
                .isTrue();
        assertThat(VideoSwitch.h264KeyframeStart(new byte[] {0x41, 0x00}, 0, 2))
                .as("non-IDR")
                .isFalse();
        assertThat(VideoSwitch.h264KeyframeStart(new byte[] {0x18, 0x00, 0x0a, 0x67}, 0, 4))
                .as("STAP-A, SPS")
                .isTrue();
        assertThat(VideoSwitch.h264KeyframeStart(new byte[] {0x7c, (byte) 0x85}, 0, 2))
                .as("FU-A start, IDR")
                .isTrue();
        assertThat(VideoSwitch.h264KeyframeStart(new byte[] {0x7c, 0x05}, 0, 2))
                .as("FU-A middle")
                .isFalse();
    }
}
