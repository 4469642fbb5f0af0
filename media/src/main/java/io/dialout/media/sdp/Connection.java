package io.dialout.media.sdp;

/** A {@code c=} line (RFC 8866 section 5.7): {@code IN IP4 192.0.2.1}. A TTL or count suffix is kept in address. */
public record Connection(String netType, String addrType, String address) {

    public static Connection of(String address) {
        return new Connection("IN", address.indexOf(':') >= 0 ? "IP6" : "IP4", address);
    }

    static Connection parse(String text) throws SdpException {
        String[] f = Sdp.SPACES.split(text.trim());
        if (f.length != 3) {
            throw new SdpException(
                    "expected 'IN IP4 <address>' or 'IN IP6 <address>' but got '" + Sdp.clip(text) + "'");
        }
        if (!f[1].equals("IP4") && !f[1].equals("IP6")) {
            throw new SdpException("unknown address type '" + Sdp.clip(f[1]) + "'");
        }
        return new Connection(f[0], f[1], f[2]);
    }

    /** The address without a multicast {@code /ttl} or {@code /count} suffix. */
    public String host() {
        int slash = address.indexOf('/');
        return slash < 0 ? address : address.substring(0, slash);
    }

    /** The RFC 2543 hold form {@code c=IN IP4 0.0.0.0} (RFC 3264 section 8.4 still asks answerers to accept it). */
    public boolean isUnspecified() {
        String h = host();
        return h.equals("0.0.0.0") || h.equals("::");
    }

    @Override
    public String toString() {
        return netType + " " + addrType + " " + address;
    }
}
