package io.dialout.gateway.lifecycle;

import java.util.regex.Pattern;

/** Removes secrets from values that leave the gateway in events and records. */
public final class Redaction {

    /**
     * {@code sip:user:password@host}: RFC 3261 section 19.1.1 allows a password in the userinfo and says it SHOULD
     * NOT be used; whatever a room sends, it is cut out before a URI is reported.
     */
    private static final Pattern USERINFO_PASSWORD = Pattern.compile("^((?:sips?|tel):[^:@;?]*):[^@]*@");

    private Redaction() {}

    public static String uri(String uri) {
        if (uri == null) {
            return null;
        }
        return USERINFO_PASSWORD.matcher(uri).replaceFirst("$1@");
    }
}
