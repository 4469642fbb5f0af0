package io.dialout.media.sdp;

/** {@code a=ssrc:<ssrc> <attribute>[:<value>]} (RFC 5576 section 4.1). */
public record SsrcAttribute(long ssrc, String attribute, String value) {

    static SsrcAttribute parse(String v) throws SdpException {
        int sp = v.indexOf(' ');
        String id = sp < 0 ? v : v.substring(0, sp);
        long ssrc = Sdp.parseLong(id, "a=ssrc id");
        if (ssrc < 0 || ssrc > 0xFFFFFFFFL) {
            throw new SdpException("a=ssrc id " + ssrc + " is not a 32-bit value");
        }
        String rest = sp < 0 ? "" : v.substring(sp + 1);
        int colon = rest.indexOf(':');
        return colon < 0
                ? new SsrcAttribute(ssrc, rest, null)
                : new SsrcAttribute(ssrc, rest.substring(0, colon), rest.substring(colon + 1));
    }

    public String attributeValue() {
        return ssrc + " " + attribute + (value == null ? "" : ":" + value);
    }
}
