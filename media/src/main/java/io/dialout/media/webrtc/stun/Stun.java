package io.dialout.media.webrtc.stun;

/** Wire constants of STUN (RFC 8489) and its ICE attributes (RFC 8445 section 16.1). */
public final class Stun {
    private Stun() {}

    /** RFC 8489 section 5: the fixed value in bytes 4..7 of every message. */
    public static final int MAGIC_COOKIE = 0x2112A442;

    public static final int HEADER_LENGTH = 20;
    public static final int TRANSACTION_ID_LENGTH = 12;

    // Message types (RFC 8489 section 5: method Binding 0x001 with the class bits C1 C0).
    public static final int BINDING_REQUEST = 0x0001;
    public static final int BINDING_INDICATION = 0x0011;
    public static final int BINDING_SUCCESS = 0x0101;
    public static final int BINDING_ERROR = 0x0111;

    // Attributes (RFC 8489 section 18.3, RFC 8445 section 16.1).
    public static final int ATTR_MAPPED_ADDRESS = 0x0001;
    public static final int ATTR_USERNAME = 0x0006;
    public static final int ATTR_MESSAGE_INTEGRITY = 0x0008;
    public static final int ATTR_ERROR_CODE = 0x0009;
    public static final int ATTR_UNKNOWN_ATTRIBUTES = 0x000A;
    public static final int ATTR_XOR_MAPPED_ADDRESS = 0x0020;
    public static final int ATTR_PRIORITY = 0x0024;
    public static final int ATTR_USE_CANDIDATE = 0x0025;
    public static final int ATTR_SOFTWARE = 0x8022;
    public static final int ATTR_FINGERPRINT = 0x8028;
    public static final int ATTR_ICE_CONTROLLED = 0x8029;
    public static final int ATTR_ICE_CONTROLLING = 0x802A;

    /** RFC 8489 section 14.7: CRC-32 of the message XOR this value. */
    public static final int FINGERPRINT_XOR = 0x5354554E;

    public static final int MESSAGE_INTEGRITY_LENGTH = 20;

    // Error codes used by an ICE agent (RFC 8489 section 14.8, RFC 8445 section 7.3.1.1).
    public static final int ERROR_BAD_REQUEST = 400;
    public static final int ERROR_UNAUTHENTICATED = 401;
    public static final int ERROR_ROLE_CONFLICT = 487;

    public static String reasonPhrase(int code) {
        return switch (code) {
            case ERROR_BAD_REQUEST -> "Bad Request";
            case ERROR_UNAUTHENTICATED -> "Unauthenticated";
            case ERROR_ROLE_CONFLICT -> "Role Conflict";
            default -> "Error";
        };
    }
}
