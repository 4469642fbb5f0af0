package io.dialout.media.webrtc.dtls;

import io.dialout.media.srtp.SrtpProfile;
import io.dialout.media.srtp.SrtpSession;
import java.util.Arrays;

/**
 * The SRTP master keys exported from a DTLS handshake (RFC 5764 section 4.2): the exporter output with label
 * "EXTRACTOR-dtls_srtp" is client_write_key | server_write_key | client_write_salt | server_write_salt.
 */
public record DtlsSrtpKeys(
        SrtpProfile profile, byte[] clientKey, byte[] serverKey, byte[] clientSalt, byte[] serverSalt) {

    /** Splits exporter output in the RFC 5764 section 4.2 order. */
    public static DtlsSrtpKeys split(SrtpProfile profile, byte[] material) {
        int k = profile.keyLength();
        int s = profile.saltLength();
        if (material.length != 2 * (k + s)) {
            throw new IllegalArgumentException("expected " + 2 * (k + s) + " bytes of keying material");
        }
        return new DtlsSrtpKeys(
                profile,
                Arrays.copyOfRange(material, 0, k),
                Arrays.copyOfRange(material, k, 2 * k),
                Arrays.copyOfRange(material, 2 * k, 2 * k + s),
                Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s));
    }

    /** Bytes to export for a profile. */
    public static int exportLength(SrtpProfile profile) {
        return 2 * (profile.keyLength() + profile.saltLength());
    }

    /** The DTLS server protects with the server keys and unprotects with the client keys; the client the reverse. */
    public SrtpSession session(boolean weAreDtlsServer) {
        return weAreDtlsServer
                ? new SrtpSession(profile, serverKey, serverSalt, clientKey, clientSalt)
                : new SrtpSession(profile, clientKey, clientSalt, serverKey, serverSalt);
    }
}
