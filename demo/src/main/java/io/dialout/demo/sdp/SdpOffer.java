package io.dialout.demo.sdp;

import io.dialout.media.Direction;
import io.dialout.media.sdp.Connection;
import io.dialout.media.sdp.MediaDescription;
import io.dialout.media.sdp.RtcpAttribute;
import io.dialout.media.sdp.RtpMap;
import io.dialout.media.sdp.SdpException;
import io.dialout.media.sdp.SessionDescription;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of an SDP offer that a simple answerer needs, read with the media module's SDP parser: the m-lines in
 * order with their formats, addresses and directions.
 */
public record SdpOffer(List<MediaOffer> media) {

    /** @throws SdpFormatException when the text is not SDP or an m-line the answerer needs is unusable */
    public static SdpOffer parse(String sdp) {
        try {
            SessionDescription s = SessionDescription.parse(sdp);
            if (s.media().isEmpty()) {
                throw new SdpFormatException("no m-line");
            }
            List<MediaOffer> media = new ArrayList<>();
            for (MediaDescription m : s.media()) {
                media.add(offer(s, m));
            }
            return new SdpOffer(List.copyOf(media));
        } catch (SdpException e) {
            throw new SdpFormatException(e.getMessage());
        }
    }

    private static MediaOffer offer(SessionDescription s, MediaDescription m) throws SdpException {
        List<Format> formats = new ArrayList<>();
        for (int pt : m.payloadTypes()) {
            RtpMap r = m.rtpMap(pt);
            if (r != null) {
                formats.add(new Format(pt, r.encoding(), r.clockRate(), r.channels(), m.fmtp(pt)));
            }
        }
        Connection c = s.connection(m);
        if (c == null && !m.isRejected()) {
            throw new SdpFormatException("no c= line for m=" + m.type());
        }
        String host = c == null ? "0.0.0.0" : c.host();
        InetSocketAddress rtp = InetSocketAddress.createUnresolved(host, m.port());
        // RFC 5761 section 5.1.1 (rtcp-mux), RFC 3605 (a=rtcp), else RFC 3550 section 11 (the next port).
        RtcpAttribute ra = m.rtcp();
        int rtcpPort = m.isRejected() ? 0 : m.rtcpMux() ? m.port() : ra != null ? ra.port() : m.port() + 1;
        String rtcpHost =
                ra != null && ra.connection() != null ? ra.connection().host() : host;
        InetSocketAddress rtcp = InetSocketAddress.createUnresolved(rtcpHost, rtcpPort);
        List<String> fb = m.attributeValues("rtcp-fb");
        Direction d = s.direction(m);
        return new MediaOffer(
                m.type(),
                m.port(),
                m.proto(),
                List.copyOf(formats),
                List.copyOf(fb),
                d,
                rtp,
                rtcp,
                m.rtcpMux(),
                List.copyOf(m.formats()));
    }
}
