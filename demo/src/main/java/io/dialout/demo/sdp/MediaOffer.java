package io.dialout.demo.sdp;

import io.dialout.media.Direction;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * One m-line of an offer, with what an answerer needs from it.
 *
 * @param type        "audio", "video", ...
 * @param port        the offered RTP port (0: the offerer disabled the stream)
 * @param proto       transport protocol, e.g. "RTP/AVP"
 * @param formats     the formats in the order of the m-line (the offerer's preference, RFC 3264 section 5.1)
 * @param rtcpFb      the a=rtcp-fb values (RFC 4585), as written
 * @param direction   the m-line's direction, else the session's, else sendrecv (RFC 3264 section 5.1)
 * @param rtp         where the offerer receives RTP (media c= or session c=, and the m-line port)
 * @param rtcp        where it receives RTCP: a=rtcp (RFC 3605), else the RTP port + 1 (RFC 3550 section 11)
 * @param rtcpMux     the offer has a=rtcp-mux (RFC 5761 section 5.1.1)
 * @param rawTokens   the format tokens of the m-line as written (for a rejected answer line)
 */
public record MediaOffer(
        String type,
        int port,
        String proto,
        List<Format> formats,
        List<String> rtcpFb,
        Direction direction,
        InetSocketAddress rtp,
        InetSocketAddress rtcp,
        boolean rtcpMux,
        List<String> rawTokens) {

    /** Plain RTP profiles we can answer (no SRTP: the demo has no keys to offer back). */
    public boolean plainRtp() {
        return proto.equalsIgnoreCase("RTP/AVP") || proto.equalsIgnoreCase("RTP/AVPF");
    }

    public boolean enabled() {
        return port != 0;
    }
}
