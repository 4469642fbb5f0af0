package io.dialout.demo.sdp;

import io.dialout.media.Direction;
import java.util.List;

/**
 * The answer to one m-line: refused (port 0) or accepted with one codec, optionally telephone-event, and the
 * direction that mirrors the offer's.
 *
 * @param offer          the offered m-line this answers
 * @param codec          the chosen format, null when refused
 * @param telephoneEvent the telephone-event format kept from the offer (RFC 4733), or null
 * @param direction      the answer's direction (RFC 3264 section 6.1)
 */
public record MediaAnswer(MediaOffer offer, Format codec, Format telephoneEvent, Direction direction) {

    public static MediaAnswer refused(MediaOffer offer) {
        return new MediaAnswer(offer, null, null, Direction.INACTIVE);
    }

    public boolean accepted() {
        return codec != null;
    }

    public boolean isAudio() {
        return offer.type().equals("audio");
    }

    /**
     * Same codecs toward the same addresses: a re-INVITE that only changes the direction (hold, resume) keeps the
     * running stream.
     */
    public boolean sameMedia(MediaAnswer o) {
        return o != null
                && accepted()
                && o.accepted()
                && codec.equals(o.codec)
                && java.util.Objects.equals(telephoneEvent, o.telephoneEvent)
                && offer.rtp().equals(o.offer.rtp())
                && offer.rtcp().equals(o.offer.rtcp());
    }

    /** The formats of the answer's m-line, in order. */
    public List<Format> formats() {
        return telephoneEvent == null ? List.of(codec) : List.of(codec, telephoneEvent);
    }

    /** The offered a=rtcp-fb values that apply to the chosen codec (RFC 4585 section 4.2), "*" ones included. */
    public List<String> rtcpFb() {
        String pt = String.valueOf(codec.payloadType());
        return offer.rtcpFb().stream()
                .filter(v -> {
                    String first = v.split("\\s+", 2)[0];
                    return first.equals(pt) || first.equals("*");
                })
                .toList();
    }
}
