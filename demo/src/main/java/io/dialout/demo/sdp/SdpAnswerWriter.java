package io.dialout.demo.sdp;

import io.dialout.media.sdp.Connection;
import io.dialout.media.sdp.MediaDescription;
import io.dialout.media.sdp.Origin;
import io.dialout.media.sdp.SessionDescription;
import java.util.ArrayList;
import java.util.List;

/** Builds the SDP answer for negotiated m-lines and the local ports bound for them, with the media module's model. */
public final class SdpAnswerWriter {
    private SdpAnswerWriter() {}

    /** Local RTP and RTCP ports of one accepted m-line. */
    public record LocalPorts(int rtp, int rtcp) {}

    /**
     * @param answers one per offered m-line, in the offer's order (RFC 3264 section 6)
     * @param ports   the bound ports, same index as {@code answers}; null entries for refused lines
     * @param version the o= session version: one more for each new answer in the dialog (RFC 3264 section 8)
     */
    public static String write(
            List<MediaAnswer> answers, List<LocalPorts> ports, String address, long sessionId, long version) {
        Origin o = Origin.of(sessionId, version, address);
        SessionDescription s = new SessionDescription(
                new Origin("demo", o.sessionId(), o.sessionVersion(), o.netType(), o.addrType(), o.address()));
        s.setSessionName("dialout demo");
        s.setConnection(Connection.of(address));
        for (int i = 0; i < answers.size(); i++) {
            // A session keeps no ports for trailing refused lines, so the list may be shorter than the answers.
            s.media().add(media(answers.get(i), i < ports.size() ? ports.get(i) : null));
        }
        return s.toString();
    }

    private static MediaDescription media(MediaAnswer a, LocalPorts p) {
        MediaOffer o = a.offer();
        if (!a.accepted()) {
            // RFC 3264 section 6: a refused stream keeps its m-line, with port 0 and the offered formats.
            return new MediaDescription(o.type(), 0, o.proto(), o.rawTokens());
        }
        List<String> pts = new ArrayList<>();
        for (Format f : a.formats()) {
            pts.add(String.valueOf(f.payloadType()));
        }
        MediaDescription m = new MediaDescription(o.type(), p.rtp(), o.proto(), pts);
        for (Format f : a.formats()) {
            m.add("rtpmap", f.payloadType() + " " + f.rtpmap());
            if (f.fmtp() != null) {
                m.add("fmtp", f.payloadType() + " " + f.fmtp());
            }
        }
        for (String fb : a.rtcpFb()) {
            m.add("rtcp-fb", fb);
        }
        if (o.rtcpMux()) {
            m.addFlag("rtcp-mux"); // RFC 5761 section 5.1.1: accepted; RTCP is also read on the RTP port
        }
        // RFC 3605: ephemeral RTCP ports need not be RTP + 1; with rtcp-mux it names the RTP port (RFC 5761 5.1.3).
        m.add("rtcp", String.valueOf(o.rtcpMux() ? p.rtp() : p.rtcp()));
        if (a.isAudio()) {
            m.add("ptime", "20");
        }
        m.setDirection(a.direction());
        return m;
    }
}
