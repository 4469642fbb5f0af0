package io.dialout.media;

/** The media plane could not do what was asked (no free port, engine closed, I/O failure). */
public class MediaException extends Exception {
    public MediaException(String message) {
        super(message);
    }

    public MediaException(String message, Throwable cause) {
        super(message, cause);
    }
}
