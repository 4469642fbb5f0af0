package io.dialout.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.dialout.media.Direction;
import io.dialout.media.negotiation.room.CodecPolicy;
import io.dialout.media.negotiation.room.RoomNegotiation;
import io.dialout.media.negotiation.room.RoomNegotiator;
import io.dialout.media.negotiation.room.RoomNegotiatorTest;
import io.dialout.media.negotiation.sip.SipAnswer;
import io.dialout.media.negotiation.sip.SipOfferAnswerTest;
import io.dialout.media.negotiation.sip.SipOfferBuilder;
import io.dialout.media.negotiation.sip.SipReofferAnswerer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutation fuzzing seeded with the real fixtures (pion style): byte flips, truncations, line drops and duplicates,
 * inserted separators. Every input must either parse and negotiate or fail with an {@link SdpException} that says
 * what is wrong; never another exception, and never the defensive catch-all (which would hide a parser bug).
 * Seeds are fixed, so a failure reproduces.
 */
class SdpFuzzTest {
    static final List<String> SEEDS = List.of(
            "chromium-offer-audio-video.sdp",
            "chromium-offer-audio.sdp",
            "firefox-offer-audio-video.sdp",
            "werift-offer-audio-video.sdp",
            "sipp-uas-answer.sdp",
            "baresip-answer-opus-vp8.sdp",
            "baresip-answer-g711-srtp-video-refused.sdp",
            "asterisk-style-answer-pcma.sdp",
            "asterisk-style-reoffer-hold.sdp",
            "rfc2543-reoffer-hold-c0.sdp",
            "baresip-reoffer-hold.sdp");
    static final int ROUNDS_PER_SEED = 600;
    static final String TOKENS = " :/=;\r\n\u0000-0123456789abcxyzIP4IP6";

    @Test
    void mutatedFixturesOnlyEverThrowSdpException() throws Exception {
        SessionDescription ourOffer = SipOfferAnswerTest.chromiumOffer(SipOfferAnswerTest.PLAIN);
        SessionDescription ourSrtpOffer = SipOfferAnswerTest.chromiumOffer(SipOfferAnswerTest.SRTP);
        int parsed = 0;
        int negotiated = 0;
        int rejected = 0;
        for (int s = 0; s < SEEDS.size(); s++) {
            String seed = Fixtures.text(SEEDS.get(s));
            Random random = new Random(0x5D9L * 31 + s);
            for (int round = 0; round < ROUNDS_PER_SEED; round++) {
                String input = mutate(seed, random);
                try {
                    SessionDescription sdp = SessionDescription.parse(input);
                    parsed++;
                    assertThat(SessionDescription.parse(sdp.toString()).toString())
                            .isEqualTo(sdp.toString());
                    negotiated += exercise(sdp, ourOffer, ourSrtpOffer);
                } catch (SdpException e) {
                    rejected++;
                    assertThat(e.getMessage())
                            .as("input:%n%s", input)
                            .isNotBlank()
                            .doesNotContain("could not be parsed")
                            .doesNotContain("could not be negotiated")
                            .doesNotContain("could not be read");
                } catch (RuntimeException | AssertionError e) {
                    fail("seed " + SEEDS.get(s) + " round " + round + " threw " + e + " on input:\n" + input, e);
                }
            }
        }
        // the mutations must exercise both paths, or the test proves little
        assertThat(parsed).isGreaterThan(SEEDS.size() * ROUNDS_PER_SEED / 10);
        assertThat(rejected).isGreaterThan(SEEDS.size() * ROUNDS_PER_SEED / 10);
        assertThat(negotiated).isPositive();
    }

    /**
     * Runs every consumer of a parsed description; each may throw only SdpException. Returns how many succeeded;
     * throws the first SdpException when none did.
     */
    private static int exercise(SessionDescription sdp, SessionDescription ourOffer, SessionDescription srtpOffer)
            throws SdpException {
        SdpException first = null;
        int ok = 0;
        try {
            RoomNegotiation n = RoomNegotiator.answer(sdp, RoomNegotiatorTest.LOCAL, CodecPolicy.DEFAULT);
            SessionDescription.parse(n.answerSdp());
            SipOfferBuilder.offer(n, SipOfferAnswerTest.PLAIN);
            ok++;
        } catch (SdpException e) {
            first = e;
        }
        for (SessionDescription offer : List.of(ourOffer, srtpOffer)) {
            try {
                SipAnswer.parse(sdp, offer);
                ok++;
            } catch (SdpException e) {
                first = first == null ? e : first;
            }
            try {
                SipReofferAnswerer.answer(sdp, offer, offer.origin(), Direction.SENDRECV);
                ok++;
            } catch (SdpException e) {
                first = first == null ? e : first;
            }
        }
        for (MediaDescription m : sdp.media()) {
            try {
                m.rtpMaps();
                m.candidates();
                m.cryptos();
                m.primarySsrcs();
                m.rtcp();
                m.fingerprints();
                m.ptime();
                ok++;
            } catch (SdpException e) {
                first = first == null ? e : first;
            }
        }
        if (ok == 0 && first != null) {
            throw first;
        }
        return ok;
    }

    static String mutate(String seed, Random r) {
        StringBuilder b = new StringBuilder(seed);
        int edits = 1 + r.nextInt(4);
        for (int i = 0; i < edits && b.length() > 0; i++) {
            int at = r.nextInt(b.length());
            switch (r.nextInt(7)) {
                case 0 -> b.setCharAt(at, (char) r.nextInt(256)); // byte flip
                case 1 -> b.setLength(at); // truncation
                case 2 -> b.insert(at, TOKENS.charAt(r.nextInt(TOKENS.length())));
                case 3 -> b.deleteCharAt(at);
                case 4 -> { // drop the line holding `at`
                    int start = b.lastIndexOf("\n", at) + 1;
                    int end = b.indexOf("\n", at);
                    b.delete(start, end < 0 ? b.length() : end + 1);
                }
                case 5 -> { // duplicate the line holding `at`
                    int start = b.lastIndexOf("\n", at) + 1;
                    int end = b.indexOf("\n", at);
                    String line = b.substring(start, end < 0 ? b.length() : end + 1);
                    b.insert(start, line);
                }
                default -> { // replace a number by a huge or negative one
                    String n = r.nextBoolean() ? "99999999999999999999" : "-1";
                    int d = at;
                    while (d < b.length() && !Character.isDigit(b.charAt(d))) {
                        d++;
                    }
                    int e = d;
                    while (e < b.length() && Character.isDigit(b.charAt(e))) {
                        e++;
                    }
                    b.replace(d, e, n);
                }
            }
        }
        return b.toString();
    }
}
