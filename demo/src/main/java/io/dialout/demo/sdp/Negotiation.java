package io.dialout.demo.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Answers an offer for one demo user, following RFC 3264 section 6: one answer line per offered m-line, in order;
 * a refused stream keeps its line with port 0; a format is picked from the offer, never invented.
 */
public final class Negotiation {
    private Negotiation() {}

    /**
     * @throws NotAcceptableException when no audio stream can be accepted (the INVITE gets 488, RFC 3261
     *                                section 21.4.26)
     */
    public static List<MediaAnswer> answer(SdpOffer offer, AnswerPolicy policy) {
        List<MediaAnswer> out = new ArrayList<>();
        boolean audioTaken = false;
        boolean videoTaken = false;
        for (MediaOffer m : offer.media()) {
            MediaAnswer a = MediaAnswer.refused(m);
            if (m.enabled() && m.plainRtp()) {
                if (m.type().equals("audio") && !audioTaken) {
                    a = audio(m, policy);
                    audioTaken = a.accepted();
                } else if (m.type().equals("video") && policy.video && !videoTaken) {
                    a = video(m);
                    videoTaken = a.accepted();
                }
            }
            out.add(a);
        }
        if (!audioTaken) {
            throw new NotAcceptableException(
                    policy == AnswerPolicy.ECHO
                            ? "no plain RTP audio stream offered"
                            : "no PCMU, PCMA or G722 offered on plain RTP");
        }
        return List.copyOf(out);
    }

    private static MediaAnswer audio(MediaOffer m, AnswerPolicy policy) {
        Format codec = null;
        for (Format f : m.formats()) {
            if (f.isAuxiliary()) {
                continue;
            }
            if (!policy.g711OrG722Only || isG711OrG722(f)) {
                codec = f;
                break;
            }
        }
        if (codec == null) {
            return MediaAnswer.refused(m);
        }
        Format te = policy.telephoneEvent ? telephoneEvent(m, codec.clockRate()) : null;
        return new MediaAnswer(m, codec, te, m.direction().reverse());
    }

    private static MediaAnswer video(MediaOffer m) {
        for (Format f : m.formats()) {
            if (!f.isAuxiliary()) {
                return new MediaAnswer(m, f, null, m.direction().reverse());
            }
        }
        return MediaAnswer.refused(m);
    }

    /** RFC 4733 section 7.1.1: telephone-event shares the audio codec's clock; prefer the one that matches. */
    private static Format telephoneEvent(MediaOffer m, int clockRate) {
        Format any = null;
        for (Format f : m.formats()) {
            if (f.isTelephoneEvent()) {
                if (f.clockRate() == clockRate) {
                    return f;
                }
                if (any == null) {
                    any = f;
                }
            }
        }
        return any;
    }

    /** G.722's RTP clock is 8000 though it samples at 16 kHz (RFC 3551 section 4.5.2). */
    static boolean isG711OrG722(Format f) {
        return (f.is("PCMU") || f.is("PCMA") || f.is("G722")) && f.clockRate() == 8000 && f.channels() == 1;
    }
}
