package io.dialout.media.srtp;

/** SDES-SRTP on the SIP leg (RFC 4568): protect with the key we offered, unprotect with the callee's. */
public final class SdesTransform implements SrtpTransform {
    private final SrtpSession session;

    public SdesTransform(SrtpSession session) {
        this.session = session;
    }

    @Override
    public int protectRtp(byte[] buf, int off, int len) {
        try {
            return session.protectRtp(buf, off, len);
        } catch (RuntimeException e) { // a packet we cannot protect is not sent (SipLeg counts it)
            return -1;
        }
    }

    @Override
    public int unprotectRtp(byte[] buf, int off, int len) {
        int n = session.unprotectRtp(buf, off, len);
        return n < 0 ? -1 : n;
    }

    @Override
    public int protectRtcp(byte[] buf, int off, int len) {
        try {
            return session.protectRtcp(buf, off, len);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    @Override
    public int unprotectRtcp(byte[] buf, int off, int len) {
        int n = session.unprotectRtcp(buf, off, len);
        return n < 0 ? -1 : n;
    }

    @Override
    public void close() {
        session.close();
    }
}
