package io.dialout.media;

/** An SDP media direction attribute (RFC 3264 section 5.1, hold in section 8.4). */
public enum Direction {
    SENDRECV,
    SENDONLY,
    RECVONLY,
    INACTIVE;

    public String attribute() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The direction the answerer takes for this offered direction (RFC 3264 section 6.1). */
    public Direction reverse() {
        return switch (this) {
            case SENDONLY -> RECVONLY;
            case RECVONLY -> SENDONLY;
            default -> this;
        };
    }

    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    public static Direction parse(String attribute) {
        return valueOf(attribute.toUpperCase(java.util.Locale.ROOT));
    }
}
