package io.dialout.media.webrtc.stun;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA1 keyed with an ICE password: the short-term credential of RFC 8489 section 9.1.1. */
public final class StunCredentials {
    private StunCredentials() {}

    /**
     * A new HMAC-SHA1 keyed with {@code password}. ICE passwords are ASCII ice-chars (RFC 8839 section 5.4), so the
     * OpaqueString profile of RFC 8489 section 9.1.1 leaves them unchanged.
     */
    public static Mac hmacSha1(String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }
}
