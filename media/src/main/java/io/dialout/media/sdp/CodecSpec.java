package io.dialout.media.sdp;

/**
 * A codec as negotiated on one leg: the payload type that leg uses, the encoding name as written in its rtpmap,
 * the RTP clock rate, the channel count and the fmtp parameters (null when none).
 */
public record CodecSpec(int payloadType, String name, int clockRate, int channels, String fmtp) {

    public CodecSpec {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type out of range: " + payloadType);
        }
        if (name == null || name.isEmpty() || clockRate <= 0 || channels <= 0) {
            throw new IllegalArgumentException("bad codec " + name + "/" + clockRate + "/" + channels);
        }
    }

    public static CodecSpec of(RtpMap r, String fmtp) {
        return new CodecSpec(r.payloadType(), r.encoding(), r.clockRate(), r.channels(), fmtp);
    }

    /** Case-insensitive encoding name test (RFC 4855 section 3). */
    public boolean is(String encoding) {
        return name.equalsIgnoreCase(encoding);
    }

    public CodecSpec withFmtp(String newFmtp) {
        return new CodecSpec(payloadType, name, clockRate, channels, newFmtp);
    }

    /** {@code name/clock[/channels]} as in an rtpmap and in stats, e.g. {@code opus/48000/2}, {@code PCMU/8000}. */
    public String encoding() {
        return name + "/" + clockRate + (channels != 1 ? "/" + channels : "");
    }

    public RtpMap rtpMap() {
        return new RtpMap(payloadType, name, clockRate, channels);
    }

    /** The value of one fmtp parameter ({@code key=value;...}, keys case-insensitive), or null. */
    public String fmtpParameter(String key) {
        return FmtpParameters.get(fmtp, key);
    }
}
