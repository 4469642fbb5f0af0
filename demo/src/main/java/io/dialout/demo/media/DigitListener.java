package io.dialout.demo.media;

/** Told of each DTMF digit received as RFC 4733 events; called on the selector thread, must not block. */
@FunctionalInterface
public interface DigitListener {
    void digit(char digit);
}
