package io.dialout.media.sdp;

import java.util.Locale;

/**
 * An ICE candidate attribute (RFC 8839 section 5.1):
 * {@code candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> [raddr ..] [...]}.
 * {@code extensions} keeps everything after the type (raddr/rport, generation, ufrag...) as written.
 */
public record Candidate(
        String foundation,
        int component,
        String transport,
        long priority,
        String address,
        int port,
        String type,
        String extensions) {

    /** Parses a candidate with or without the {@code a=} and {@code candidate:} prefixes (trickle form). */
    public static Candidate parse(String text) throws SdpException {
        if (text == null) {
            throw new SdpException("candidate is null");
        }
        String v = text.trim();
        if (v.startsWith("a=")) {
            v = v.substring(2);
        }
        if (v.startsWith("candidate:")) {
            v = v.substring("candidate:".length());
        }
        String[] f = Sdp.SPACES.split(v);
        if (f.length < 8 || !f[6].equals("typ")) {
            throw new SdpException("candidate '" + Sdp.clip(text) + "': expected "
                    + "'<foundation> <component> <transport> <priority> <address> <port> typ <type>'");
        }
        int component = Sdp.parseInt(f[1], "candidate component");
        long priority = Sdp.parseLong(f[3], "candidate priority");
        int port = Sdp.parseInt(f[5], "candidate port");
        if (component < 1 || component > 256 || priority < 0 || priority > 0xFFFFFFFFL || port < 0 || port > 65535) {
            throw new SdpException("candidate '" + Sdp.clip(text) + "': component, priority or port out of range");
        }
        StringBuilder ext = new StringBuilder();
        for (int i = 8; i < f.length; i++) {
            ext.append(ext.length() == 0 ? "" : " ").append(f[i]);
        }
        return new Candidate(
                f[0], component, f[2].toLowerCase(Locale.ROOT), priority, f[4], port, f[7], ext.toString());
    }

    /** A host candidate of ours (component 1, UDP). */
    public static Candidate host(String foundation, long priority, String address, int port) {
        return new Candidate(foundation, 1, "udp", priority, address, port, "host", "");
    }

    public boolean isUdp() {
        return transport.equals("udp");
    }

    /** The value after {@code a=candidate:}. */
    public String attributeValue() {
        return foundation + " " + component + " " + transport + " " + priority + " " + address + " " + port + " typ "
                + type + (extensions.isEmpty() ? "" : " " + extensions);
    }
}
