package io.dialout.media.srtp;

import static io.dialout.media.webrtc.TestHex.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jitsi.srtp.crypto.SrtpCipherCtr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SRTP through jitsi-srtp: RFC 3711 appendix B vectors, independent recomputation, round trips, replay, tampering. */
class SrtpSessionTest {
    // RFC 3711 appendix B.3
    static final byte[] B3_MASTER_KEY = hex("E1F97A0D3E018BE0D64FA32C06DE4139");
    static final byte[] B3_MASTER_SALT = hex("0EC675AD498AFEEBB6960B3AABE6");
    static final byte[] B3_CIPHER_KEY = hex("C61E7A93744F39EE10734AFE3FF7A087");
    static final byte[] B3_CIPHER_SALT = hex("30CBBC08863D8C85D49DB34A9AE1");
    static final byte[] B3_AUTH_KEY = hex("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4");

    @Test
    void aesCmKeystreamMatchesRfc3711AppendixB2() throws Exception {
        SrtpCipherCtr ctr = new SrtpCipherCtr(Cipher.getInstance("AES/CTR/NoPadding"));
        ctr.init(hex("2B7E151628AED2A6ABF7158809CF4F3C"), null);
        ctr.setIV(hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"), Cipher.ENCRYPT_MODE);
        byte[] zeros = new byte[48];
        ctr.process(zeros, 0, zeros.length);
        assertThat(zeros)
                .isEqualTo(hex("E03EAD0935C95E80E166B16DD92B4EB4" + "D23513162B02D0F72A43A2FE4A5F97AB"
                        + "41E95B3BB0A2E8DD477901E4FCA894C0"));
    }

    @Test
    void ourReferenceKdfReproducesRfc3711AppendixB3() throws Exception {
        assertThat(kdf(B3_MASTER_KEY, B3_MASTER_SALT, 0, 16)).isEqualTo(B3_CIPHER_KEY);
        assertThat(kdf(B3_MASTER_KEY, B3_MASTER_SALT, 2, 14)).isEqualTo(B3_CIPHER_SALT);
        assertThat(kdf(B3_MASTER_KEY, B3_MASTER_SALT, 1, 20)).isEqualTo(B3_AUTH_KEY);
    }

    /**
     * Protect with the B.3 master key and compare with an SRTP packet computed here from the B.3 session keys by
     * plain JCE AES-CTR and HMAC-SHA1 (RFC 3711 sections 4.1.1 and 4.2): this proves jitsi-srtp derives the session
     * keys of B.3 and builds the IV and tag as the RFC says.
     */
    @Test
    void protectUsesTheRfc3711AppendixB3SessionKeys() throws Exception {
        SrtpSession s = new SrtpSession(
                SrtpProfile.AES_CM_128_HMAC_SHA1_80, B3_MASTER_KEY, B3_MASTER_SALT, B3_MASTER_KEY, B3_MASTER_SALT);
        byte[] pkt = rtp(0x01020304, 7, 0, 40);
        byte[] plain = pkt.clone();
        int n = s.protectRtp(pkt, 0, 12 + 40);
        assertThat(n).isEqualTo(12 + 40 + 10);

        byte[] expected = Arrays.copyOf(plain, 12 + 40 + 10);
        byte[] iv = new byte[16];
        System.arraycopy(B3_CIPHER_SALT, 0, iv, 0, 14);
        long index = 7; // ROC 0, SEQ 7
        byte[] ssrc = {1, 2, 3, 4};
        for (int i = 0; i < 4; i++) {
            iv[4 + i] ^= ssrc[i];
        }
        for (int i = 0; i < 6; i++) {
            iv[8 + i] ^= (byte) (index >>> (8 * (5 - i)));
        }
        Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(B3_CIPHER_KEY, "AES"), new IvParameterSpec(iv));
        aes.doFinal(expected, 12, 40, expected, 12);
        Mac hmac = Mac.getInstance("HmacSHA1");
        hmac.init(new SecretKeySpec(B3_AUTH_KEY, "HmacSHA1"));
        hmac.update(expected, 0, 52);
        hmac.update(new byte[4]); // ROC
        System.arraycopy(hmac.doFinal(), 0, expected, 52, 10);
        assertThat(Arrays.copyOf(pkt, n)).isEqualTo(expected);
    }

    /** GCM per RFC 7714 section 8, recomputed here with JCE from KDF-derived session keys. */
    @Test
    void gcmProtectMatchesRfc7714Construction() throws Exception {
        byte[] key = hex("000102030405060708090a0b0c0d0e0f");
        byte[] salt = hex("a0a1a2a3a4a5a6a7a8a9aaab");
        SrtpSession s = new SrtpSession(SrtpProfile.AEAD_AES_128_GCM, key, salt, key, salt);
        byte[] pkt = rtp(0xcafebabe, 0x1234, 0, 30);
        byte[] plain = pkt.clone();
        int n = s.protectRtp(pkt, 0, 42);
        assertThat(n).isEqualTo(42 + 16);

        byte[] sessKey = kdf(key, salt, 0, 16);
        byte[] sessSalt = kdf(key, salt, 2, 12);
        byte[] iv = new byte[12];
        ByteBuffer.wrap(iv).putShort((short) 0).putInt(0xcafebabe).putInt(0).putShort((short) 0x1234);
        for (int i = 0; i < 12; i++) {
            iv[i] ^= sessSalt[i];
        }
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(sessKey, "AES"), new GCMParameterSpec(128, iv));
        gcm.updateAAD(plain, 0, 12);
        byte[] ct = gcm.doFinal(plain, 12, 30);
        byte[] expected = new byte[58];
        System.arraycopy(plain, 0, expected, 0, 12);
        System.arraycopy(ct, 0, expected, 12, ct.length);
        assertThat(Arrays.copyOf(pkt, n)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtpRoundTripsAndRejectsReplayAndTampering(SrtpProfile profile) {
        byte[][] a = keys(profile, 1);
        byte[][] b = keys(profile, 2);
        SrtpSession alice = new SrtpSession(profile, a[0], a[1], b[0], b[1]);
        SrtpSession bob = new SrtpSession(profile, b[0], b[1], a[0], a[1]);

        for (int seq = 65530; seq < 65540; seq++) { // across the sequence number wrap (ROC 0 -> 1)
            byte[] pkt = rtp(0x11223344, seq & 0xFFFF, seq * 960, 160);
            byte[] plain = Arrays.copyOf(pkt, 172);
            int n = alice.protectRtp(pkt, 0, 172);
            assertThat(n).isEqualTo(172 + profile.tagLength());
            assertThat(Arrays.copyOfRange(pkt, 12, 172)).isNotEqualTo(Arrays.copyOfRange(plain, 12, 172));
            byte[] copy = Arrays.copyOf(pkt, n);
            assertThat(bob.unprotectRtp(pkt, 0, n)).isEqualTo(172);
            assertThat(Arrays.copyOf(pkt, 172)).isEqualTo(plain);
            // RFC 3711 section 3.3.2: the same packet again is a replay.
            assertThat(bob.unprotectRtp(copy, 0, n)).isEqualTo(SrtpSession.REPLAYED);
        }
        byte[] pkt = rtp(0x11223344, 100, 0, 160);
        int n = alice.protectRtp(pkt, 0, 172);
        pkt[40] ^= 0x01; // one payload bit
        assertThat(bob.unprotectRtp(pkt, 0, n)).isEqualTo(SrtpSession.AUTH_FAILED);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtcpRoundTripsAndRejectsTampering(SrtpProfile profile) {
        byte[][] a = keys(profile, 3);
        byte[][] b = keys(profile, 4);
        SrtpSession alice = new SrtpSession(profile, a[0], a[1], b[0], b[1]);
        SrtpSession bob = new SrtpSession(profile, b[0], b[1], a[0], a[1]);
        // A receiver report with one block: V=2, RC=1, PT=201, length 7 words.
        byte[] rr = new byte[32 + 64];
        rr[0] = (byte) 0x81;
        rr[1] = (byte) 201;
        rr[3] = 7;
        ByteBuffer.wrap(rr, 4, 8).putInt(0x55667788).putInt(0x11223344);
        byte[] plain = Arrays.copyOf(rr, 32);
        int n = alice.protectRtcp(rr, 0, 32);
        assertThat(n).isEqualTo(32 + 4 + profile.tagLength()); // E flag + SRTCP index, then the tag
        byte[] copy = Arrays.copyOf(rr, n);
        assertThat(bob.unprotectRtcp(rr, 0, n)).isEqualTo(32);
        assertThat(Arrays.copyOf(rr, 32)).isEqualTo(plain);
        assertThat(bob.unprotectRtcp(copy, 0, n)).isEqualTo(SrtpSession.REPLAYED);

        byte[] again = Arrays.copyOf(plain, 32 + 64);
        n = alice.protectRtcp(again, 0, 32);
        again[20] ^= 0x40;
        assertThat(bob.unprotectRtcp(again, 0, n)).isEqualTo(SrtpSession.AUTH_FAILED);
    }

    @Test
    void protectNeedsSpareRoomAfterThePacket() {
        byte[][] a = keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80, 5);
        SrtpSession s = new SrtpSession(SrtpProfile.AES_CM_128_HMAC_SHA1_80, a[0], a[1], a[0], a[1]);
        byte[] tight = Arrays.copyOf(rtp(1, 1, 1, 20), 32);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.protectRtp(tight, 0, 32))
                .isInstanceOf(RuntimeException.class);
    }

    static byte[][] keys(SrtpProfile p, int seed) {
        byte[] key = new byte[p.keyLength()];
        byte[] salt = new byte[p.saltLength()];
        new java.util.Random(seed).nextBytes(key);
        new java.util.Random(seed + 100).nextBytes(salt);
        return new byte[][] {key, salt};
    }

    /** An RTP packet (RFC 3550 section 5.1) with PT 111 and a payload of {@code payload} bytes, plus 64 spare. */
    static byte[] rtp(int ssrc, int seq, int ts, int payload) {
        byte[] b = new byte[12 + payload + SrtpSession.MAX_OVERHEAD];
        ByteBuffer bb = ByteBuffer.wrap(b);
        bb.put((byte) 0x80).put((byte) 111).putShort((short) seq).putInt(ts).putInt(ssrc);
        for (int i = 0; i < payload; i++) {
            b[12 + i] = (byte) (i * 7 + seq);
        }
        return b;
    }

    /** RFC 3711 section 4.3.1/4.3.3 key derivation with kdr 0 and index 0: AES-CM keyed by the master key. */
    static byte[] kdf(byte[] masterKey, byte[] masterSalt, int label, int length) throws Exception {
        byte[] iv = new byte[16];
        System.arraycopy(masterSalt, 0, iv, 0, masterSalt.length);
        iv[7] ^= (byte) label; // key_id = label || index DIV kdr (48 bits of zero), XORed into the salt
        Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"), new IvParameterSpec(iv));
        return aes.doFinal(new byte[length]);
    }
}
