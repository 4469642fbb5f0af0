package io.dialout.media.quality;

/**
 * The quality of one leg of a call, both ways: what the gateway receives from the leg's peer (measured here, RFC 3550
 * appendix A.3 and A.8) and what the peer receives from the gateway (from the reception report blocks it sends about
 * our SSRC, section 6.4.1). Null numbers are not known yet (no media, no report).
 *
 * @param rttMs              round trip from the peer's last report block about us (RFC 3550 section 6.4.1)
 * @param jitterMs           interarrival jitter of the audio we receive
 * @param fractionLost       fraction of our expected audio packets lost over the last few seconds, 0..1
 * @param packetsLost        cumulative audio packets lost on receive
 * @param remoteJitterMs     the jitter the peer reports for the audio we send it
 * @param remoteFractionLost the fraction lost the peer reports for the audio we send it, 0..1
 * @param remotePacketsLost  the cumulative loss the peer reports
 * @param mos                E-model estimate ({@link EModel}) of the worse direction of the leg, 1..4.5
 */
public record LegQuality(
        Double rttMs,
        Double jitterMs,
        Double fractionLost,
        Long packetsLost,
        Double remoteJitterMs,
        Double remoteFractionLost,
        Long remotePacketsLost,
        Double mos) {}
