package io.dialout.demo.sdp;

/** The offer has nothing the user can accept: 488 Not Acceptable Here. */
public final class NotAcceptableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotAcceptableException(String message) {
        super(message);
    }
}
