package io.dialout.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dialout.media.Direction;
import io.dialout.media.negotiation.room.CodecPolicy;
import io.dialout.media.negotiation.room.RoomNegotiation;
import io.dialout.media.negotiation.room.RoomNegotiator;
import io.dialout.media.negotiation.room.RoomNegotiatorTest;
import io.dialout.media.negotiation.sip.SipAnswer;
import io.dialout.media.negotiation.sip.SipLocalParams;
import io.dialout.media.negotiation.sip.SipOfferAnswerTest;
import io.dialout.media.negotiation.sip.SipOfferBuilder;
import io.dialout.media.negotiation.sip.SipReofferAnswerer;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing (Jazzer) of every SDP the gateway reads: a room's offer (parse, then the JSEP answer and
 * the SIP offer built from it) and a callee's answer or re-offer (RFC 3264 answer to our plain and SDES offers, the
 * answer to a re-INVITE). Each may fail only with an {@link SdpException}; what parses must print and re-parse to
 * itself, and a room answer we write must parse. Seeds ({@code SdpNegotiationFuzzerInputs/}): Chromium, Firefox and
 * werift offers, baresip and sipp answers and re-offers, all captured from the real peers (see sdp/README.md).
 */
class SdpNegotiationFuzzer {
    private static final SessionDescription PLAIN_OFFER = ourOffer(SipOfferAnswerTest.PLAIN);
    private static final SessionDescription SRTP_OFFER = ourOffer(SipOfferAnswerTest.SRTP);

    @FuzzTest(maxDuration = "4s")
    void roomOffersAndSipAnswers(byte[] data) {
        SessionDescription sdp;
        try {
            sdp = SessionDescription.parse(new String(data, StandardCharsets.UTF_8));
        } catch (SdpException rejected) {
            return;
        }
        assertThat(reparse(sdp.toString()).toString()).isEqualTo(sdp.toString());
        try {
            RoomNegotiation n = RoomNegotiator.answer(sdp, RoomNegotiatorTest.LOCAL, CodecPolicy.DEFAULT);
            reparse(n.answerSdp());
            SipOfferBuilder.offer(n, SipOfferAnswerTest.PLAIN);
        } catch (SdpException refused) {
            // an offer we cannot answer: the room gets error, no call
        }
        for (SessionDescription offer : new SessionDescription[] {PLAIN_OFFER, SRTP_OFFER}) {
            try {
                SipAnswer.parse(sdp, offer);
            } catch (SdpException refused) {
                // an answer we cannot use: the call ends, the callee gets BYE
            }
            try {
                SipReofferAnswerer.answer(sdp, offer, offer.origin(), Direction.SENDRECV);
            } catch (SdpException refused) {
                // a re-offer we refuse with 488
            }
        }
    }

    private static SessionDescription reparse(String text) {
        try {
            return SessionDescription.parse(text);
        } catch (SdpException e) {
            throw new AssertionError("what we print must parse: " + e.getMessage() + "\n" + text, e);
        }
    }

    private static SessionDescription ourOffer(SipLocalParams local) {
        try {
            return SipOfferAnswerTest.chromiumOffer(local);
        } catch (SdpException e) {
            throw new IllegalStateException(e);
        }
    }
}
