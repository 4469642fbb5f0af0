package io.dialout.demo.sdp;

/** An offer the demo cannot read; the call is refused with 488 (RFC 3261 section 21.4.26). */
public final class SdpFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SdpFormatException(String message) {
        super(message);
    }
}
