package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Digest responses checked against the published test vectors. */
class DigestAuthenticatorTest {

    @Test
    void rfc2617Section35Md5QopAuth() {
        DigestChallenge c = new DigestChallenge(
                "testrealm@host.com",
                "dcd98b7102dd2f0e8b11d0f600bfb0c093",
                "5ccc069c403ebaf9f0171e9517f40e41",
                "MD5",
                List.of("auth", "auth-int"),
                false);
        String r = DigestAuthenticator.response(c, "Mufasa", "Circle Of Life", "GET", "/dir/index.html", "0a4f113b", 1);
        assertThat(r).isEqualTo("6629fae49393a05397450978507c4ef1");
    }

    @Test
    void rfc7616Section31Md5AndSha256() {
        String nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
        String cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        DigestChallenge md5 = new DigestChallenge(
                "http-auth@example.org",
                nonce,
                "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS",
                "MD5",
                List.of("auth"),
                false);
        DigestChallenge sha = new DigestChallenge(
                "http-auth@example.org",
                nonce,
                "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS",
                "SHA-256",
                List.of("auth"),
                false);
        assertThat(DigestAuthenticator.response(md5, "Mufasa", "Circle of Life", "GET", "/dir/index.html", cnonce, 1))
                .isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
        assertThat(DigestAuthenticator.response(sha, "Mufasa", "Circle of Life", "GET", "/dir/index.html", cnonce, 1))
                .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    }

    @Test
    void rfc2069FormWithoutQop() {
        // RFC 2617 section 3.2.2.1: response = H(H(A1):nonce:H(A2)); checked by recomputing the three hashes
        DigestChallenge c = new DigestChallenge("sipp.test", "abc", null, null, List.of(), false);
        String ha1 = md5("alice:sipp.test:pw");
        String ha2 = md5("INVITE:sip:bob@example.com");
        assertThat(DigestAuthenticator.response(c, "alice", "pw", "INVITE", "sip:bob@example.com", "x", 1))
                .isEqualTo(md5(ha1 + ":abc:" + ha2));
    }

    @Test
    void headerValueQuotesWhatRfc7616Quotes() {
        DigestChallenge c =
                new DigestChallenge("sipp.test", "n1", "op", "MD5", DigestChallenge.parseQop("auth"), false);
        String v = DigestAuthenticator.authorizationValue(c, "gw", "pw", "INVITE", "sip:a@b", "cn", 1);
        assertThat(v)
                .startsWith("Digest username=\"gw\", realm=\"sipp.test\", nonce=\"n1\", uri=\"sip:a@b\", response=\"")
                .contains("algorithm=MD5", "qop=auth, nc=00000001, cnonce=\"cn\"", "opaque=\"op\"")
                .doesNotContain("pw\"");
    }

    @Test
    void onlyAuthIntOrUnknownAlgorithmIsNotAnswerable() {
        assertThat(new DigestChallenge("r", "n", null, "MD5", List.of("auth-int"), false).answerable())
                .isFalse();
        assertThat(new DigestChallenge("r", "n", null, "SHA-512-256", List.of("auth"), false).answerable())
                .isFalse();
        assertThat(new DigestChallenge("r", "n", null, null, List.of(), true).answerable())
                .isTrue();
        assertThat(DigestChallenge.parseQop(" auth , Auth-Int")).containsExactly("auth", "auth-int");
    }

    private static String md5(String s) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("MD5")
                            .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
