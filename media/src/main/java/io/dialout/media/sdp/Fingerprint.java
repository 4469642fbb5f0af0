package io.dialout.media.sdp;

import java.util.Locale;

/** {@code a=fingerprint:<hash function> <hex:hex:...>} (RFC 8122 section 5). The algorithm is lower-cased. */
public record Fingerprint(String algorithm, String value) {
    private static final java.util.regex.Pattern HEX =
            java.util.regex.Pattern.compile("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2})+");

    static Fingerprint parse(String v) throws SdpException {
        String[] f = Sdp.SPACES.split(v.trim());
        if (f.length != 2) {
            throw new SdpException("a=fingerprint:" + Sdp.clip(v) + ": expected '<hash function> <fingerprint>'");
        }
        if (!HEX.matcher(f[1]).matches()) {
            throw new SdpException("a=fingerprint: '" + Sdp.clip(f[1]) + "' is not colon-separated hex");
        }
        return new Fingerprint(f[0].toLowerCase(Locale.ROOT), f[1].toUpperCase(Locale.ROOT));
    }

    public String attributeValue() {
        return algorithm + " " + value;
    }
}
