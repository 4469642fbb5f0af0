package io.dialout.media.srtp;

import org.jitsi.srtp.SrtpPolicy;

/**
 * The SRTP protection profiles the gateway speaks, with their DTLS-SRTP ids (RFC 5764 section 4.1.2, RFC 7714
 * section 14.2) and SDES names (RFC 4568 section 6.2, RFC 7714 section 12).
 */
public enum SrtpProfile {
    /** AES-128 counter mode, HMAC-SHA1 with an 80-bit tag (RFC 3711 sections 4.1.1 and 4.2.1). */
    AES_CM_128_HMAC_SHA1_80(0x0001, "AES_CM_128_HMAC_SHA1_80", 16, 14, 10),
    /** AES-128 GCM AEAD with a 128-bit tag (RFC 7714). */
    AEAD_AES_128_GCM(0x0007, "AEAD_AES_128_GCM", 16, 12, 16);

    private final int dtlsId;
    private final String sdesName;
    private final int keyLength;
    private final int saltLength;
    private final int tagLength;

    SrtpProfile(int dtlsId, String sdesName, int keyLength, int saltLength, int tagLength) {
        this.dtlsId = dtlsId;
        this.sdesName = sdesName;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.tagLength = tagLength;
    }

    public int dtlsId() {
        return dtlsId;
    }

    public String sdesName() {
        return sdesName;
    }

    public int keyLength() {
        return keyLength;
    }

    public int saltLength() {
        return saltLength;
    }
    /** Bytes the SRTP tag adds to an RTP packet; SRTCP adds 4 more for the E-flag and index. */
    public int tagLength() {
        return tagLength;
    }

    public static SrtpProfile fromDtlsId(int id) {
        for (SrtpProfile p : values()) {
            if (p.dtlsId == id) {
                return p;
            }
        }
        return null;
    }

    public static SrtpProfile fromSdesName(String name) {
        for (SrtpProfile p : values()) {
            if (p.sdesName.equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** A jitsi-srtp policy for RTP or RTCP (both use the same lengths for these two profiles). */
    SrtpPolicy policy() {
        return switch (this) {
            case AES_CM_128_HMAC_SHA1_80 ->
                new SrtpPolicy(
                        SrtpPolicy.AESCM_ENCRYPTION,
                        keyLength,
                        SrtpPolicy.HMACSHA1_AUTHENTICATION,
                        20,
                        tagLength,
                        saltLength);
            case AEAD_AES_128_GCM ->
                new SrtpPolicy(
                        SrtpPolicy.AESGCM_ENCRYPTION,
                        keyLength,
                        SrtpPolicy.NULL_AUTHENTICATION,
                        0,
                        tagLength,
                        saltLength);
        };
    }
}
