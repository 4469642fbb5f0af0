package io.dialout.media.sdp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One media description: the {@code m=} line (RFC 8866 section 5.14), its optional {@code c=} line and its
 * attributes, with typed readers for the attributes the gateway negotiates. Mutable: negotiation builds answers
 * with it. Not thread-safe.
 */
public final class MediaDescription extends Attributes {
    private String type;
    private int port;
    private int portCount;
    private String proto;
    private final List<String> formats = new ArrayList<>();
    private Connection connection;

    public MediaDescription(String type, int port, String proto, List<String> formats) {
        this.type = type;
        this.port = port;
        this.proto = proto;
        this.formats.addAll(formats);
    }

    static MediaDescription parse(String text) throws SdpException {
        String[] f = Sdp.SPACES.split(text.trim());
        if (f.length < 4) {
            throw new SdpException("expected 'm=<media> <port> <proto> <fmt> ...' but got 'm=" + Sdp.clip(text) + "'");
        }
        String portText = f[1];
        int count = 0;
        int slash = portText.indexOf('/');
        if (slash >= 0) {
            count = Sdp.parseInt(portText.substring(slash + 1), "m= port count");
            portText = portText.substring(0, slash);
        }
        int port = Sdp.parseInt(portText, "m= port");
        if (port < 0 || port > 65535) {
            throw new SdpException("m= port " + port + " out of range");
        }
        MediaDescription m = new MediaDescription(f[0], port, f[2], List.of(f).subList(3, f.length));
        m.portCount = count;
        return m;
    }

    public String type() {
        return type;
    }

    public boolean isAudio() {
        return type.equals("audio");
    }

    public boolean isVideo() {
        return type.equals("video");
    }

    public int port() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
        this.portCount = 0;
    }

    /** Port 0: the stream is rejected or disabled (RFC 3264 sections 6 and 8.2). */
    public boolean isRejected() {
        return port == 0;
    }

    public String proto() {
        return proto;
    }

    public void setProto(String proto) {
        this.proto = proto;
    }

    /** The format list (payload types for RTP) in the order given: a live list. */
    public List<String> formats() {
        return formats;
    }

    /** The formats that are numbers (RTP payload types), in order; others are skipped. */
    public List<Integer> payloadTypes() {
        List<Integer> out = new ArrayList<>();
        for (String f : formats) {
            try {
                int pt = Integer.parseInt(f);
                if (pt >= 0 && pt <= 127) {
                    out.add(pt);
                }
            } catch (NumberFormatException ignored) {
                // non-RTP format such as webrtc-datachannel
            }
        }
        return out;
    }

    /** The media-level {@code c=}, or null (the session-level one applies then). */
    public Connection connection() {
        return connection;
    }

    public void setConnection(Connection connection) {
        this.connection = connection;
    }

    public String mid() {
        return attribute("mid");
    }

    public List<RtpMap> rtpMaps() throws SdpException {
        List<RtpMap> out = new ArrayList<>();
        for (String v : attributeValues("rtpmap")) {
            out.add(RtpMap.parse(v));
        }
        return out;
    }

    /**
     * The rtpmap of a payload type: the {@code a=rtpmap} line when present, else the static assignment of RFC 3551
     * section 6 for the audio types the gateway knows; null when neither.
     */
    public RtpMap rtpMap(int pt) throws SdpException {
        String prefix = pt + " ";
        for (String v : attributeValues("rtpmap")) {
            if (v.startsWith(prefix)) {
                return RtpMap.parse(v);
            }
        }
        return StaticPayloadTypes.lookup(pt);
    }

    /**
     * The rtpmaps of the payload types on the m= line, in m= line order (static types resolved, types without an
     * rtpmap skipped). One pass over the attributes: an offer may carry thousands of them.
     */
    public List<RtpMap> formatMaps() throws SdpException {
        java.util.Map<Integer, RtpMap> byPt = new java.util.HashMap<>();
        for (RtpMap r : rtpMaps()) {
            byPt.putIfAbsent(r.payloadType(), r);
        }
        List<RtpMap> out = new ArrayList<>();
        for (int pt : payloadTypes()) {
            RtpMap r = byPt.get(pt);
            if (r == null) {
                r = StaticPayloadTypes.lookup(pt);
            }
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    /** The fmtp parameters of a payload type ({@code a=fmtp:<pt> <params>}), or null. */
    public String fmtp(int pt) {
        String prefix = pt + " ";
        for (String v : attributeValues("fmtp")) {
            if (v.startsWith(prefix)) {
                return v.substring(prefix.length()).trim();
            }
        }
        return null;
    }

    /** The fmtp parameters of every payload type that has them (the first line wins), in one pass. */
    public java.util.Map<Integer, String> fmtps() {
        java.util.Map<Integer, String> out = new java.util.HashMap<>();
        for (String v : attributeValues("fmtp")) {
            int sp = v.indexOf(' ');
            try {
                out.putIfAbsent(
                        Integer.parseInt(sp < 0 ? v : v.substring(0, sp)),
                        sp < 0 ? "" : v.substring(sp + 1).trim());
            } catch (NumberFormatException ignored) {
                // not an RTP payload type
            }
        }
        return out;
    }

    /** The rtcp-fb values of a payload type (RFC 4585 section 4.2), including wildcard ({@code *}) ones. */
    public List<String> rtcpFb(int pt) {
        List<String> out = new ArrayList<>();
        String prefix = pt + " ";
        for (String v : attributeValues("rtcp-fb")) {
            if (v.startsWith(prefix)) {
                out.add(v.substring(prefix.length()).trim());
            } else if (v.startsWith("* ")) {
                out.add(v.substring(2).trim());
            }
        }
        return out;
    }

    public List<SsrcAttribute> ssrcAttributes() throws SdpException {
        List<SsrcAttribute> out = new ArrayList<>();
        for (String v : attributeValues("ssrc")) {
            out.add(SsrcAttribute.parse(v));
        }
        return out;
    }

    /**
     * The distinct SSRCs of {@code a=ssrc} lines, in order, without the retransmission and FEC SSRCs named as the
     * second member of {@code a=ssrc-group:FID} / {@code FEC-FR} groups (RFC 5576 section 4.2, RFC 4588), since the
     * gateway drops rtx and FEC streams.
     */
    public List<Long> primarySsrcs() throws SdpException {
        Set<Long> secondary = new LinkedHashSet<>();
        for (String g : attributeValues("ssrc-group")) {
            String[] f = Sdp.SPACES.split(g.trim());
            if (f.length >= 3 && (f[0].equals("FID") || f[0].equals("FEC-FR"))) {
                for (int i = 2; i < f.length; i++) {
                    secondary.add(Sdp.parseLong(f[i], "a=ssrc-group ssrc"));
                }
            }
        }
        Set<Long> out = new LinkedHashSet<>();
        for (SsrcAttribute s : ssrcAttributes()) {
            if (!secondary.contains(s.ssrc())) {
                out.add(s.ssrc());
            }
        }
        return List.copyOf(out);
    }

    public List<Candidate> candidates() throws SdpException {
        List<Candidate> out = new ArrayList<>();
        for (String v : attributeValues("candidate")) {
            out.add(Candidate.parse(v));
        }
        return out;
    }

    public List<Crypto> cryptos() throws SdpException {
        List<Crypto> out = new ArrayList<>();
        for (String v : attributeValues("crypto")) {
            out.add(Crypto.parse(v));
        }
        return out;
    }

    public boolean rtcpMux() {
        return has("rtcp-mux");
    }

    public boolean rtcpRsize() {
        return has("rtcp-rsize");
    }

    /** The {@code a=rtcp} attribute (RFC 3605), or null. */
    public RtcpAttribute rtcp() throws SdpException {
        String v = attribute("rtcp");
        return v == null ? null : RtcpAttribute.parse(v);
    }

    /** {@code a=ptime} in milliseconds (RFC 8866 section 6.4), or -1 when absent or not a whole number. */
    public int ptime() {
        String v = attribute("ptime");
        if (v == null) {
            return -1;
        }
        try {
            int p = (int) Math.round(Double.parseDouble(v.trim()));
            return p > 0 && p <= 10_000 ? p : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Appends the lines of one codec: rtpmap, fmtp when it has parameters, one rtcp-fb per feedback value. */
    public void addCodec(CodecSpec c, List<String> feedback) {
        add("rtpmap", c.rtpMap().value());
        if (c.fmtp() != null && !c.fmtp().isEmpty()) {
            add("fmtp", c.payloadType() + " " + c.fmtp());
        }
        for (String fb : feedback) {
            add("rtcp-fb", c.payloadType() + " " + fb);
        }
    }

    /**
     * The m-line that answers this offered one with a rejection (RFC 3264 section 6): port 0, the same media type
     * and proto, and one of the offered formats (the line needs at least one); no attributes.
     */
    public MediaDescription rejectedAnswer() {
        return new MediaDescription(type, 0, proto, formats.isEmpty() ? List.of("0") : List.of(formats.get(0)));
    }

    /** A deep copy. */
    public MediaDescription copy() {
        MediaDescription m = new MediaDescription(type, port, proto, formats);
        m.portCount = portCount;
        m.connection = connection;
        m.attributes.addAll(attributes);
        return m;
    }

    void write(StringBuilder b) {
        b.append("m=").append(type).append(' ').append(port);
        if (portCount > 0) {
            b.append('/').append(portCount);
        }
        b.append(' ').append(proto);
        for (String f : formats) {
            b.append(' ').append(f);
        }
        b.append("\r\n");
        if (connection != null) {
            b.append("c=").append(connection).append("\r\n");
        }
        writeAttributes(b);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        write(b);
        return b.toString();
    }
}
