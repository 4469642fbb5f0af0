package io.dialout.media.sdp;

import java.util.Locale;

/** {@code a=fingerprint:<hash function> <hex:hex:...>} (RFC 8122 section 5). The algorithm is lower-cased. */
public record Fingerprint(String algorithm, String value) {

    static Fingerprint parse(String v) throws SdpException {
        String[] f = v.trim().split(" +");
        if (f.length != 2) {
            throw new SdpException("a=fingerprint:" + Sdp.clip(v) + ": expected '<hash function> <fingerprint>'");
        }
        if (!f[1].matches("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2})+")) {
            throw new SdpException("a=fingerprint: '" + Sdp.clip(f[1]) + "' is not colon-separated hex");
        }
        return new Fingerprint(f[0].toLowerCase(Locale.ROOT), f[1].toUpperCase(Locale.ROOT));
    }

    public String attributeValue() {
        return algorithm + " " + value;
    }
}
