package io.dialout.media.dtmf;

/**
 * One RFC 4733 telephone-event payload (section 2.3):
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * |     event     |E|R| volume    |          duration             |
 * </pre>
 *
 * @param event    the event code; DTMF digits are 0-15 (section 3.2)
 * @param end      the E bit: this packet ends the event
 * @param volume   power level of the tone as 0 to 63 (-dBm0); 0 to 63 only
 * @param duration the event's duration so far in RTP timestamp units, 0 to 65535
 */
public record DtmfEvent(int event, boolean end, int volume, int duration) {
    public static final int LENGTH = 4;
    private static final String DIGITS = "0123456789*#ABCD";

    public DtmfEvent {
        if (event < 0 || event > 255 || volume < 0 || volume > 63 || duration < 0 || duration > 0xFFFF) {
            throw new IllegalArgumentException("bad telephone-event " + event + "/" + volume + "/" + duration);
        }
    }

    /** Writes the 4-byte payload; the R bit is sent as 0 (section 2.3.3). */
    public int encode(byte[] buf, int off) {
        buf[off] = (byte) event;
        buf[off + 1] = (byte) ((end ? 0x80 : 0) | volume);
        buf[off + 2] = (byte) (duration >>> 8);
        buf[off + 3] = (byte) duration;
        return LENGTH;
    }

    /** Reads a payload; null when it is shorter than 4 bytes (the packet path does not throw). */
    public static DtmfEvent decode(byte[] buf, int off, int len) {
        if (len < LENGTH || off < 0 || off + LENGTH > buf.length) {
            return null;
        }
        return new DtmfEvent(
                buf[off] & 0xFF,
                (buf[off + 1] & 0x80) != 0,
                buf[off + 1] & 0x3F,
                ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF));
    }

    /** The DTMF event code of a digit (0-9, *, #, A-D; section 3.2), or -1 when it is not one. */
    public static int eventOf(char digit) {
        return DIGITS.indexOf(Character.toUpperCase(digit));
    }

    /** The digit of a DTMF event code 0-15, or 0 (NUL) for other events. */
    public static char digitOf(int event) {
        return event >= 0 && event < DIGITS.length() ? DIGITS.charAt(event) : 0;
    }

    public boolean isDtmf() {
        return event < DIGITS.length();
    }

    public char digit() {
        return digitOf(event);
    }
}
