package io.dialout.media.relay;

/**
 * What one direction of a call does, fixed by the negotiations: the payload formats on the leg packets come in from
 * and on the leg they go out to, whether sending is allowed (hold: RFC 3264 section 8.4), and the transcoder, or
 * null for pass-through.
 */
public record DirectionConfig(LegFormats in, LegFormats out, boolean sendAllowed, Transcoder transcoder) {

    /** One negotiated RTP payload format: its payload type, or -1 when not negotiated, and its RTP clock rate. */
    public record Payload(int pt, int clockRate) {
        public static final Payload NONE = new Payload(-1, 0);

        public boolean negotiated() {
            return pt >= 0;
        }
    }

    /** The formats of one leg: audio, RFC 4733 telephone-event, and video (clock 90 kHz). */
    public record LegFormats(Payload audio, Payload event, Payload video) {
        /** Nothing negotiated yet (the SIP leg before the callee's answer). */
        public static final LegFormats NONE = new LegFormats(Payload.NONE, Payload.NONE, Payload.NONE);

        public static Payload video(int pt) {
            return pt < 0 ? Payload.NONE : new Payload(pt, 90_000);
        }
    }

    public DirectionConfig {
        if (in == null || out == null) {
            throw new IllegalArgumentException("both legs' formats are needed (LegFormats.NONE when not negotiated)");
        }
    }

    public boolean passThrough() {
        return transcoder == null;
    }

    public DirectionConfig withSendAllowed(boolean allowed) {
        return new DirectionConfig(in, out, allowed, transcoder);
    }
}
