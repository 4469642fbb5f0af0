package io.dialout.media.quality;

import java.util.Locale;

/**
 * A mean opinion score estimate from the E-model (ITU-T G.107), simplified as call-quality monitors do it (the
 * rtpengine and FreeSWITCH style): every impairment other than delay and codec/loss is left at its default, so
 * {@code R = 93.2 - Id - Ie,eff}.
 *
 * <ul>
 *   <li>{@code Id} (delay impairment, G.107 section 7.4 simplified as in Cole and Rosenbluth, "Voice over IP
 *       Performance Monitoring", 2001): {@code Id = 0.024 d + 0.11 (d - 177.3) H(d - 177.3)}, with {@code d} the
 *       one-way mouth-to-ear delay in ms (here RTT / 2 plus the codec's packetisation and a jitter buffer of twice the
 *       jitter) and {@code H} the step function.
 *   <li>{@code Ie,eff} (G.107 section 7.6, formula 7-29): {@code Ie + (95 - Ie) Ppl / (Ppl + Bpl)}, with {@code Ppl}
 *       the packet loss in percent and the codec's {@code Ie} and {@code Bpl} from ITU-T G.113 Appendix I.
 *   <li>MOS (G.107 Annex B, formula B-4): {@code 1} for {@code R < 0}, {@code 4.5} for {@code R > 100}, else
 *       {@code 1 + 0.035 R + 7e-6 R (R - 60) (100 - R)}.
 * </ul>
 */
public final class EModel {

    /** G.107 section 7.7: the default R of an unimpaired narrow-band call (Ro - Is with every default). */
    public static final double R_DEFAULT = 93.2;

    private EModel() {}

    /**
     * A codec's equipment impairment and its packet-loss robustness.
     *
     * @param ie  equipment impairment factor Ie (G.113 Appendix I, table I.1)
     * @param bpl packet-loss robustness factor Bpl (G.113 Appendix I, table I.3)
     * @param frameMs packetisation delay added to the one-way delay
     */
    public record Codec(String name, double ie, double bpl, double frameMs) {}

    /** G.711 with packet loss concealment (G.711 Appendix I): Ie 0, Bpl 25.1 (G.113 Appendix I, table I.3). */
    public static final Codec G711_PLC = new Codec("G.711 (PLC)", 0, 25.1, 20);
    /** G.711 without concealment, random loss: Ie 0, Bpl 4.3 (G.113 Appendix I, table I.3). */
    public static final Codec G711 = new Codec("G.711", 0, 4.3, 20);
    /** G.722 at 64 kbit/s with PLC: Ie 0 and Bpl 25.1 taken as for G.711 with PLC (G.113 has no narrow-band entry). */
    public static final Codec G722 = new Codec("G.722", 0, 25.1, 20);
    /**
     * Opus (narrow-band-equivalent use): Ie 11 and Bpl 20, the values the E-model calculators of rtpengine-style
     * monitors use for a 20-30 kbit/s Opus voice stream; Opus is not in G.113, so these are published estimates.
     */
    public static final Codec OPUS = new Codec("Opus", 11, 20, 20);

    /**
     * The codec entry for an rtpmap encoding name such as "PCMU/8000" or "opus/48000/2".
     *
     * @param concealment whether the receiver of this stream conceals losses (the gateway's decoder does when it
     *     transcodes; a pass-through G.711 stream is played by the far end, assumed to conceal as most do)
     */
    public static Codec codec(String encoding, boolean concealment) {
        String n = encoding == null ? "" : encoding.toLowerCase(Locale.ROOT);
        if (n.startsWith("opus")) {
            return OPUS;
        }
        if (n.startsWith("g722")) {
            return G722;
        }
        return concealment ? G711_PLC : G711;
    }

    /** {@code Id}, the delay impairment, for a one-way delay in ms. */
    public static double delayImpairment(double oneWayMs) {
        double d = Math.max(0, oneWayMs);
        return 0.024 * d + (d > 177.3 ? 0.11 * (d - 177.3) : 0);
    }

    /** {@code Ie,eff} for a loss in percent (G.107 formula 7-29, random loss, BurstR = 1). */
    public static double effectiveEquipmentImpairment(Codec c, double lossPercent) {
        double ppl = Math.max(0, Math.min(100, lossPercent));
        return c.ie() + (95 - c.ie()) * ppl / (ppl + c.bpl());
    }

    /** The rating factor R. */
    public static double rating(Codec c, double oneWayMs, double lossPercent) {
        return R_DEFAULT - delayImpairment(oneWayMs) - effectiveEquipmentImpairment(c, lossPercent);
    }

    /** G.107 Annex B formula B-4: R to the estimated MOS (CQE). */
    public static double mos(double r) {
        if (r <= 0) {
            return 1.0;
        }
        if (r >= 100) {
            return 4.5;
        }
        return 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
    }

    /**
     * The MOS of a stream: one-way delay as half the round trip, plus the codec's frame and a jitter buffer of twice
     * the interarrival jitter (the usual de-jitter allowance of these monitors).
     */
    public static double mos(Codec c, double rttMs, double jitterMs, double lossPercent) {
        double oneWay = Math.max(0, rttMs) / 2 + c.frameMs() + 2 * Math.max(0, jitterMs);
        return mos(rating(c, oneWay, lossPercent));
    }
}
