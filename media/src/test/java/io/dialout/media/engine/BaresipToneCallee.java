package io.dialout.media.engine;

import io.dialout.testkit.FreePorts;
import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's baresip as a real callee: it answers every INVITE at once and sends a sine from its ausine module as its
 * microphone, with the codec modules given and optionally SDES-SRTP ({@code ;mediaenc=srtp}). Its UDP console
 * ({@code cons} module) takes menu commands, such as {@code /sndcode 1} to send a DTMF digit in the call.
 */
final class BaresipToneCallee implements AutoCloseable {
    static final Path BARESIP = Path.of("/usr/bin/baresip");

    private final Process process;
    private final Path dir;
    final int sipPort;
    private final int consolePort;

    private BaresipToneCallee(Process process, Path dir, int sipPort, int consolePort) {
        this.process = process;
        this.dir = dir;
        this.sipPort = sipPort;
        this.consolePort = consolePort;
    }

    static BaresipToneCallee start(int toneHz, List<String> codecModules, boolean srtp) throws Exception {
        Path dir = Files.createTempDirectory("baresip-tone-");
        int sipPort = FreePorts.udp();
        int rtp = FreePorts.udpRange(8);
        int console = FreePorts.udp();
        StringBuilder config = new StringBuilder()
                .append("poll_method poll\n")
                .append("sip_listen 127.0.0.1:")
                .append(sipPort)
                .append('\n')
                .append("net_interface 127.0.0.1\n")
                .append("rtp_ports ")
                .append(rtp)
                .append('-')
                .append(rtp + 7)
                .append('\n')
                .append("rtcp_mux no\n")
                .append("audio_source ausine,")
                .append(toneHz)
                .append('\n')
                .append("ausrc_srate 48000\nausrc_channels 2\n") // ausine makes only 48 kHz stereo; baresip converts
                .append("audio_player aubridge,nil\naudio_alert aubridge,nil\n")
                .append("module_path /usr/lib/baresip/modules\n")
                .append("module ausine.so\nmodule aubridge.so\n")
                .append("module cons.so\ncons_listen 127.0.0.1:")
                .append(console)
                .append('\n');
        for (String m : codecModules) {
            config.append("module ").append(m).append('\n');
        }
        if (srtp) {
            config.append("module srtp.so\n");
        }
        config.append("module_app account.so\nmodule_app menu.so\n");
        Files.writeString(dir.resolve("config"), config);
        Files.writeString(
                dir.resolve("accounts"),
                "<sip:callee@127.0.0.1>;regint=0;answermode=auto" + (srtp ? ";mediaenc=srtp" : "") + "\n");
        Process p = new ProcessBuilder(BARESIP.toString(), "-f", dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        BaresipToneCallee callee = new BaresipToneCallee(p, dir, sipPort, console);
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!callee.output().contains("baresip is ready")) {
            if (!p.isAlive() || System.nanoTime() > end) {
                callee.close();
                throw new IllegalStateException("baresip did not start:\n" + callee.output());
            }
            Thread.sleep(20); // polling its log: baresip gives no other readiness signal
        }
        return callee;
    }

    /** Sends one command line to baresip's UDP console (its reply, if any, is not read). */
    void command(String line) throws IOException {
        byte[] b = (line + "\n").getBytes(StandardCharsets.US_ASCII);
        try (DatagramSocket s = new DatagramSocket()) {
            s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), consolePort));
        }
    }

    String output() {
        try {
            return Files.readString(dir.resolve("out.log"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(3, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
