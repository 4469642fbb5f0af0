package io.dialout.media;

/** The media plane could not do what was asked (no free port, engine closed, I/O failure). */
public class MediaException extends Exception {
    private static final long serialVersionUID = 1L;

    public MediaException(String message) {
        super(message);
    }

    public MediaException(String message, Throwable cause) {
        super(message, cause);
    }
}
