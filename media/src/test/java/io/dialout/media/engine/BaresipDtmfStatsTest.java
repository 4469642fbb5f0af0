package io.dialout.media.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.media.CallMedia;
import io.dialout.media.CallMediaRequest;
import io.dialout.media.CallMediaStats;
import io.dialout.media.MediaConfig;
import io.dialout.media.MediaListener;
import io.dialout.testkit.Baresip;
import io.dialout.testkit.FreePorts;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real callee sending DTMF: baresip's RFC 4733 events share its audio's SSRC and sequence numbers, so the receive
 * statistics must count them (RFC 3550 appendix A.3); counting only the audio payload type reported every event
 * packet as lost, in the call's stats and in the report blocks we send the callee. No room is needed: the SIP leg's
 * statistics run whether or not the room is connected.
 */
class BaresipDtmfStatsTest {

    private DefaultMediaEngine engine;
    private final List<Character> digits = new CopyOnWriteArrayList<>();
    private final MediaListener listener = new MediaListener() {
        @Override
        public void mediaFailure(String reason) {}

        @Override
        public void dtmfFromSip(char digit) {
            digits.add(digit);
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        int range = FreePorts.udpRange(4);
        engine = new DefaultMediaEngine(new MediaConfig(
                "127.0.0.1",
                0,
                List.of("127.0.0.1"),
                "127.0.0.1",
                "127.0.0.1",
                range,
                range + 3,
                1,
                Duration.ofSeconds(20),
                Duration.ofSeconds(30),
                true));
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    @Test
    void telephoneEventsOfTheCalleeAreNotCountedAsLost() throws Exception {
        CallMedia call = engine.createCall(
                new CallMediaRequest(
                        "baresip-dtmf",
                        DefaultMediaEngineTest.chromiumOffer("chromium-offer-audio.sdp"),
                        new CallMediaRequest.SipLegOptions(false, true, false)),
                listener);
        try (Baresip callee = Baresip.toneCallee(440, List.of("g711.so"), false);
                SipUacCall sip = new SipUacCall(callee.sipPort)) {
            String answer = sip.invite(call.sipOffer(), Duration.ofSeconds(10));
            assertThat(answer).contains("telephone-event/8000");
            call.applySipAnswer(answer, false);
            await(() -> call.stats().sip().packetsReceived() > 50, "audio from baresip", call);

            callee.command("/sndcode 1");
            await(() -> digits.size() == 1, "the first digit from baresip", call);
            callee.command("/sndcode 9");
            await(() -> digits.size() == 2, "the second digit from baresip", call);
            long after = call.stats().sip().packetsReceived();
            // the loss is published every 16 ticks (320 ms): wait for a second of audio after the events
            await(() -> call.stats().sip().packetsReceived() > after + 50, "audio after the events", call);

            CallMediaStats stats = call.stats();
            assertThat(digits).containsExactly('1', '9');
            assertThat(stats.sip().packetsLost())
                    .as("packets lost on a loopback call whose callee sent DTMF: " + stats + "\n" + callee.output())
                    .isZero();
        } finally {
            call.close();
        }
    }

    private static void await(BooleanSupplier condition, String what, CallMedia call) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + ": " + call.stats()).isLessThan(deadline);
            Thread.sleep(20); // polling counters and the listener's list: there is no event for them
        }
    }
}
