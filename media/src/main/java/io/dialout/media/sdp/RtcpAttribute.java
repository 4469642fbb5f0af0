package io.dialout.media.sdp;

/** {@code a=rtcp:<port> [IN IP4 <address>]} (RFC 3605 section 2.1); address null when not given. */
public record RtcpAttribute(int port, Connection connection) {

    static RtcpAttribute parse(String v) throws SdpException {
        String[] f = Sdp.SPACES.split(v.trim(), 2);
        int port = Sdp.parseInt(f[0], "a=rtcp port");
        if (port < 0 || port > 65535) {
            throw new SdpException("a=rtcp port " + port + " out of range");
        }
        return new RtcpAttribute(port, f.length > 1 ? Connection.parse(f[1]) : null);
    }

    public String attributeValue() {
        return connection == null ? Integer.toString(port) : port + " " + connection;
    }
}
