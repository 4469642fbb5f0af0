package io.dialout.media.webrtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.media.srtp.SrtpProfile;
import io.dialout.media.srtp.SrtpSession;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DtlsSrtpKeysTest {
    /**
     * RFC 5764 section 4.2: client_write_SRTP_master_key | server_write_SRTP_master_key | client_write_SRTP_master_salt
     * | server_write_SRTP_master_salt, and each side protects with its own write keys.
     */
    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void splitsInRfc5764OrderAndEachRoleWritesWithItsOwnKeys(SrtpProfile p) {
        int k = p.keyLength();
        int s = p.saltLength();
        byte[] material = new byte[DtlsSrtpKeys.exportLength(p)];
        for (int i = 0; i < material.length; i++) {
            material[i] = (byte) i;
        }
        DtlsSrtpKeys keys = DtlsSrtpKeys.split(p, material);
        assertThat(keys.clientKey()).isEqualTo(Arrays.copyOfRange(material, 0, k));
        assertThat(keys.serverKey()).isEqualTo(Arrays.copyOfRange(material, k, 2 * k));
        assertThat(keys.clientSalt()).isEqualTo(Arrays.copyOfRange(material, 2 * k, 2 * k + s));
        assertThat(keys.serverSalt()).isEqualTo(Arrays.copyOfRange(material, 2 * k + s, 2 * (k + s)));

        // What the DTLS server sends, a client holding (send=client keys, receive=server keys) can read.
        SrtpSession server = keys.session(true);
        SrtpSession client =
                new SrtpSession(p, keys.clientKey(), keys.clientSalt(), keys.serverKey(), keys.serverSalt());
        SrtpSession wrongWay =
                new SrtpSession(p, keys.serverKey(), keys.serverSalt(), keys.clientKey(), keys.clientSalt());
        byte[] pkt = new byte[172 + SrtpSession.MAX_OVERHEAD];
        pkt[0] = (byte) 0x80;
        pkt[3] = 1;
        int n = server.protectRtp(pkt, 0, 172);
        byte[] copy = pkt.clone();
        assertThat(wrongWay.unprotectRtp(copy, 0, n)).isEqualTo(SrtpSession.AUTH_FAILED);
        assertThat(client.unprotectRtp(pkt, 0, n)).isEqualTo(172);
        // And the reverse direction.
        pkt[3] = 2;
        n = keys.session(false).protectRtp(pkt, 0, 172);
        assertThat(server.unprotectRtp(pkt, 0, n)).isEqualTo(172);
    }

    @Test
    void identityIsASelfSignedP256CertificateWithItsSha256Fingerprint() throws Exception {
        DtlsIdentity id = DtlsIdentity.generate();
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(id.certificateDer()));
        cert.verify(cert.getPublicKey()); // self-signed
        cert.checkValidity();
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(((ECPublicKey) cert.getPublicKey())
                        .getParams()
                        .getCurve()
                        .getField()
                        .getFieldSize())
                .isEqualTo(256);
        assertThat(id.fingerprintSha256()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(id.fingerprintSha256()).isEqualTo(DtlsIdentity.fingerprint("sha-256", id.certificateDer()));
        assertThat(DtlsIdentity.generate().fingerprintSha256()).isNotEqualTo(id.fingerprintSha256());
    }
}
