package io.dialout.demo.media;

/** DTMF digits and their RFC 4733 event codes (section 3.2: 0-9, * = 10, # = 11, A-D = 12-15). */
public final class Dtmf {
    private static final String DIGITS = "0123456789*#ABCD";

    private Dtmf() {}

    /** The digit of an event code, or 0 when the code is not a DTMF digit. */
    public static char digit(int event) {
        return event >= 0 && event < DIGITS.length() ? DIGITS.charAt(event) : 0;
    }

    /** The event code of a digit (case-insensitive for A-D), or -1. */
    public static int event(char digit) {
        return DIGITS.indexOf(Character.toUpperCase(digit));
    }
}
