package io.dialout.media.sdp;

/**
 * {@code a=crypto:<tag> <crypto-suite> <key-params> [<session-params>]} (RFC 4568 section 9.1). Only split into its
 * fields here; the keys themselves are handled by the webrtc package's SdesKeys.
 */
public record Crypto(int tag, String suite, String keyParams, String sessionParams) {

    public static Crypto parse(String v) throws SdpException {
        String[] f = Sdp.SPACES.split(v.trim(), 4);
        if (f.length < 3) {
            throw new SdpException("a=crypto:" + Sdp.clip(v) + ": expected '<tag> <crypto-suite> <key-params>'");
        }
        int tag = Sdp.parseInt(f[0], "a=crypto tag");
        if (tag < 0 || tag > 999999999) {
            throw new SdpException("a=crypto tag " + tag + " out of range");
        }
        return new Crypto(tag, f[1], f[2], f.length > 3 ? f[3] : null);
    }

    public Crypto withTag(int newTag) {
        return new Crypto(newTag, suite, keyParams, sessionParams);
    }

    public String attributeValue() {
        return tag + " " + suite + " " + keyParams + (sessionParams == null ? "" : " " + sessionParams);
    }
}
