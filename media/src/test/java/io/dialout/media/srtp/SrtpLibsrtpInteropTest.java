package io.dialout.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SDES-keyed SRTP/SRTCP against libsrtp (the implementation in browsers, Asterisk and most SIP phones), run through
 * Debian's python3-pylibsrtp: what we protect libsrtp unprotects and the reverse, across a sequence-number wrap,
 * and libsrtp rejects a packet we tampered with. Keys travel through {@link SdesKeys} attributes as on the SIP leg.
 */
class SrtpLibsrtpInteropTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void interworksWithLibsrtp(SrtpProfile profile) throws Exception {
        SdesKeys gateway = SdesKeys.generate(profile);
        SdesKeys callee = SdesKeys.parse(SdesKeys.generate(profile).toSdpLine(1)); // as read from its answer
        SrtpSession ours = SdesKeys.session(gateway, SdesKeys.parse(callee.toCryptoAttribute(1)));

        Path script = Files.createTempFile("libsrtp_peer", ".py");
        try (var in = getClass().getResourceAsStream("/webrtc/libsrtp_peer.py")) {
            Files.write(script, in.readAllBytes());
        }
        assertThat(PYTHON)
                .as("python3 with python3-pylibsrtp (scripts/install-test-deps.sh)")
                .isExecutable();
        Process p = new ProcessBuilder(PYTHON.toString(), script.toString())
                .redirectErrorStream(true)
                .start();
        try (Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.US_ASCII);
                BufferedReader r =
                        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
            w.write(profile.name() + " " + keyHex(callee) + " " + keyHex(gateway) + "\n");
            w.flush();
            assertThat(r.readLine()).as("libsrtp peer started").isEqualTo("ready");

            for (int i = 0; i < 40; i++) {
                int seq = (65520 + i) & 0xFFFF; // crosses the wrap, so both sides must agree on the ROC
                byte[] plain = rtp(0x0badcafe, seq, 160 + i);
                // gateway -> libsrtp
                byte[] buf = Arrays.copyOf(plain, plain.length + SrtpSession.MAX_OVERHEAD);
                int n = ours.protectRtp(buf, 0, plain.length);
                assertThat(call(w, r, "unprotect", Arrays.copyOf(buf, n))).isEqualTo(plain);
                // libsrtp -> gateway
                byte[] fromThem = call(w, r, "protect", rtp(0x5eed5eed, seq, 100 + i));
                byte[] rx = Arrays.copyOf(fromThem, fromThem.length + 16);
                int m = ours.unprotectRtp(rx, 0, fromThem.length);
                assertThat(m).isEqualTo(12 + 100 + i);
                assertThat(Arrays.copyOf(rx, m)).isEqualTo(rtp(0x5eed5eed, seq, 100 + i));
            }
            // SRTCP both ways (RFC 3711 section 3.4): a receiver report.
            byte[] rr = {(byte) 0x80, (byte) 201, 0, 1, 0x0b, (byte) 0xad, (byte) 0xca, (byte) 0xfe};
            byte[] buf = Arrays.copyOf(rr, 8 + SrtpSession.MAX_OVERHEAD);
            int n = ours.protectRtcp(buf, 0, 8);
            assertThat(call(w, r, "unprotect_rtcp", Arrays.copyOf(buf, n))).isEqualTo(rr);
            byte[] theirRr = {(byte) 0x80, (byte) 201, 0, 1, 0x5e, (byte) 0xed, 0x5e, (byte) 0xed};
            byte[] fromThem = call(w, r, "protect_rtcp", theirRr);
            assertThat(ours.unprotectRtcp(fromThem, 0, fromThem.length)).isEqualTo(8);
            assertThat(Arrays.copyOf(fromThem, 8)).isEqualTo(theirRr);

            // A flipped bit is refused by libsrtp too.
            byte[] bad = Arrays.copyOf(rtp(0x0badcafe, 99, 160), 172 + SrtpSession.MAX_OVERHEAD);
            n = ours.protectRtp(bad, 0, 172);
            bad[50] ^= 1;
            w.write("unprotect " + HEX.formatHex(Arrays.copyOf(bad, n)) + "\n");
            w.flush();
            assertThat(r.readLine()).startsWith("error");
        } finally {
            p.destroy();
            p.waitFor(5, TimeUnit.SECONDS);
            Files.deleteIfExists(script);
        }
    }

    private static byte[] call(Writer w, BufferedReader r, String op, byte[] data) throws Exception {
        w.write(op + " " + HEX.formatHex(data) + "\n");
        w.flush();
        String line = r.readLine();
        assertThat(line).as(op).startsWith("ok ");
        return HEX.parseHex(line.substring(3));
    }

    private static String keyHex(SdesKeys k) {
        return HEX.formatHex(k.key()) + HEX.formatHex(k.salt());
    }

    private static byte[] rtp(int ssrc, int seq, int payload) {
        byte[] b = new byte[12 + payload];
        ByteBuffer.wrap(b)
                .put((byte) 0x80)
                .put((byte) 0)
                .putShort((short) seq)
                .putInt(seq * 160)
                .putInt(ssrc);
        for (int i = 12; i < b.length; i++) {
            b[i] = (byte) (i * 31 + seq);
        }
        return b;
    }
}
