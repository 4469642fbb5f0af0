package io.dialout.media.sdp;

import java.math.BigInteger;

/**
 * An {@code o=} line (RFC 8866 section 5.2). Session id and version are kept as text: they are digit strings that
 * some endpoints make longer than a Java long.
 */
public record Origin(
        String username, String sessionId, String sessionVersion, String netType, String addrType, String address) {

    public static Origin of(long sessionId, long sessionVersion, String address) {
        Connection c = Connection.of(address);
        return new Origin(
                "-",
                Long.toUnsignedString(sessionId),
                Long.toUnsignedString(sessionVersion),
                c.netType(),
                c.addrType(),
                address);
    }

    static Origin parse(String text) throws SdpException {
        String[] f = Sdp.SPACES.split(text.trim());
        if (f.length != 6) {
            throw new SdpException("o= line: expected 6 fields but got " + f.length);
        }
        return new Origin(f[0], f[1], f[2], f[3], f[4], f[5]);
    }

    /** The same origin with the version increased by one, for a new offer or answer in the session (RFC 3264 section 8). */
    public Origin nextVersion() {
        BigInteger v;
        try {
            v = new BigInteger(sessionVersion);
        } catch (NumberFormatException e) {
            v = BigInteger.ZERO;
        }
        return new Origin(username, sessionId, v.add(BigInteger.ONE).toString(), netType, addrType, address);
    }

    @Override
    public String toString() {
        return username + " " + sessionId + " " + sessionVersion + " " + netType + " " + addrType + " " + address;
    }
}
