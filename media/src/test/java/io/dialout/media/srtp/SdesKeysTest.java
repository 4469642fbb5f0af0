package io.dialout.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SdesKeysTest {
    @Test
    void generatedAttributeParsesBackToTheSameKeys() {
        SdesKeys ours = SdesKeys.generate();
        String attr = ours.toCryptoAttribute(1);
        assertThat(attr).matches("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:[A-Za-z0-9+/]{40}");
        assertThat(ours.toSdpLine(1)).isEqualTo("a=" + attr);
        SdesKeys parsed = SdesKeys.parse("a=" + attr);
        assertThat(parsed.tag()).isEqualTo(1);
        assertThat(parsed.profile()).isEqualTo(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        assertThat(parsed.key()).isEqualTo(ours.key());
        assertThat(parsed.salt()).isEqualTo(ours.salt());
    }

    @Test
    void parsesRfc4568ExampleWithLifetime() {
        // RFC 4568 section 4 example (with an MKI there; this one drops it, which we accept)
        SdesKeys k = SdesKeys.parse(
                "a=crypto:1 AES_CM_128_HMAC_SHA1_80 " + "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20");
        assertThat(k.key()).hasSize(16);
        assertThat(k.salt()).hasSize(14);
    }

    @Test
    void refusesWhatItCannotHonour() {
        assertThatThrownBy(() -> SdesKeys.parse("a=crypto:1 AES_CM_128_HMAC_SHA1_80 "
                        + "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:4"))
                .hasMessageContaining("MKI");
        assertThatThrownBy(() -> SdesKeys.parse(
                        "a=crypto:1 F8_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR"))
                .hasMessageContaining("unsupported");
        assertThatThrownBy(() -> SdesKeys.parse("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:AAAA"))
                .hasMessageContaining("30 bytes");
        assertThatThrownBy(() -> SdesKeys.parse("a=crypto:1 AES_CM_128_HMAC_SHA1_80 "
                        + "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR UNENCRYPTED_SRTP"))
                .hasMessageContaining("UNENCRYPTED_SRTP");
    }

    @Test
    void sessionsOfTheTwoSidesInterwork() {
        SdesKeys gateway = SdesKeys.generate();
        SdesKeys callee = SdesKeys.parse(SdesKeys.generate().toSdpLine(1));
        SrtpSession ours = SdesKeys.session(gateway, callee);
        SrtpSession theirs = SdesKeys.session(callee, gateway);
        byte[] pkt = SrtpSessionTest.rtp(42, 1, 160, 160);
        byte[] plain = Arrays.copyOf(pkt, 172);
        int n = ours.protectRtp(pkt, 0, 172);
        assertThat(theirs.unprotectRtp(pkt, 0, n)).isEqualTo(172);
        assertThat(Arrays.copyOf(pkt, 172)).isEqualTo(plain);
        n = theirs.protectRtp(pkt, 0, 172);
        assertThat(ours.unprotectRtp(pkt, 0, n)).isEqualTo(172);
    }
}
