package io.dialout.media.srtp;

/**
 * Protection of the SIP leg's packets: plain RTP ({@link #PLAIN}) or SDES-SRTP (RFC 4568). Works in place; a
 * protected packet grows by the auth tag, so buffers keep spare room after the packet. Owned by the call's I/O
 * thread (SRTP contexts keep rollover and replay state per direction).
 */
public interface SrtpTransform {

    /** @return the new length */
    int protectRtp(byte[] buf, int off, int len);

    /** @return the new length, or -1 when authentication or replay checks fail */
    int unprotectRtp(byte[] buf, int off, int len);

    int protectRtcp(byte[] buf, int off, int len);

    int unprotectRtcp(byte[] buf, int off, int len);

    default void close() {}

    /** Plain RTP/AVP: nothing to do. */
    SrtpTransform PLAIN = new SrtpTransform() {
        @Override
        public int protectRtp(byte[] buf, int off, int len) {
            return len;
        }

        @Override
        public int unprotectRtp(byte[] buf, int off, int len) {
            return len;
        }

        @Override
        public int protectRtcp(byte[] buf, int off, int len) {
            return len;
        }

        @Override
        public int unprotectRtcp(byte[] buf, int off, int len) {
            return len;
        }
    };
}
