package io.dialout.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dialout.testkit.FreePorts;
import io.dialout.testkit.Tone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second real user agent: Debian's baresip calls the echo user with a 440 Hz sine (its ausine source) and dumps
 * what it sends and what it hears (its sndfile filter); what it hears must be its own tone.
 */
class BaresipEchoTest {
    private static final Path BARESIP = Path.of("/usr/bin/baresip");

    @Test
    void baresipHearsItsOwnToneFromTheEcho(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(BARESIP), "baresip is not installed");
        try (DemoSipEndpoint demo = DemoSipEndpoint.start(DemoConfig.loopback())) {
            Path snd = Files.createDirectories(dir.resolve("snd"));
            writeConfig(dir, snd, FreePorts.udpRange(10));
            Process p = new ProcessBuilder(
                            BARESIP.toString(), "-f", dir.toString(), "-e", "/dial " + demo.uri("echo"), "-t", "3")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("baresip.log").toFile())
                    .start();
            try {
                assertThat(p.waitFor(20, TimeUnit.SECONDS))
                        .as("baresip quits after -t 3")
                        .isTrue();
            } finally {
                p.destroyForcibly();
            }
            String log = Files.readString(dir.resolve("baresip.log"));
            assertThat(log).as(log).contains("Call established").contains("incoming rtp for 'audio' established");
            short[] heard = Tone.readWav(dump(snd, "-dec.wav")).samples();
            short[] sent = Tone.readWav(dump(snd, "-enc.wav")).samples();
            assertThat(heard.length).as("about 3 s at 8 kHz").isGreaterThan(8000);
            short[] middle = Arrays.copyOfRange(heard, heard.length / 4, heard.length * 3 / 4);
            double f = Tone.dominantFrequency(middle, 8000, 200, 3500);
            double level = Tone.rmsDbfs(middle);
            System.out.printf("baresip heard %.1f Hz at %.1f dBFS (sent %.1f dBFS)%n", f, level, Tone.rmsDbfs(sent));
            assertThat(f).isCloseTo(440, within(2.0));
            assertThat(level).isCloseTo(Tone.rmsDbfs(sent), within(1.5));
            DemoSignallingTest.awaitNoCalls(demo);
        }
    }

    private static Path dump(Path snd, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(snd)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("baresip wrote no *" + suffix));
        }
    }

    /** A minimal baresip: PCMU only, ausine as the microphone, aubridge as a silent speaker, sndfile dumps. */
    private static void writeConfig(Path dir, Path snd, int rtpPortStart) throws IOException {
        Files.write(
                dir.resolve("config"),
                List.of(
                        "poll_method epoll",
                        "sip_listen 127.0.0.1:" + FreePorts.udpAndTcp(),
                        "sip_trans_def udp",
                        "audio_player aubridge,speaker",
                        "audio_alert aubridge,alert",
                        "audio_source ausine,440",
                        "ausrc_srate 48000", // ausine only makes 48 kHz stereo
                        "ausrc_channels 2",
                        "auplay_srate 48000",
                        "auplay_channels 2",
                        "rtp_ports " + rtpPortStart + "-" + (rtpPortStart + 9),
                        "snd_path " + snd,
                        "module_path /usr/lib/baresip/modules",
                        "module g711.so",
                        "module ausine.so",
                        "module aubridge.so",
                        "module sndfile.so",
                        "module_app account.so",
                        "module_app menu.so"));
        Files.writeString(dir.resolve("accounts"), "<sip:baresip@127.0.0.1>;regint=0;audio_codecs=PCMU\n");
    }
}
