package io.dialout.testkit;

import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * Debian's baresip (1.0.0) as a real callee on loopback: it answers every INVITE at once, with the codec modules given
 * and optionally SDES-SRTP (account {@code ;mediaenc=srtp}). Its microphone is silence, or a sine from its ausine
 * module ({@link #toneCallee}). Stopped, and its temp folder removed, by {@link #close}.
 */
public final class Baresip implements AutoCloseable {
    public static final Path BARESIP = Path.of("/usr/bin/baresip");
    private static final Duration READY = Duration.ofSeconds(20);

    private final Process process;
    private final Path dir;
    /** The UDP port its SIP stack listens on (127.0.0.1). */
    public final int sipPort;

    private final int consolePort;

    private Baresip(Process process, Path dir, int sipPort, int consolePort) {
        this.consolePort = consolePort;
        this.process = process;
        this.dir = dir;
        this.sipPort = sipPort;
    }

    /**
     * A callee whose microphone is silent.
     *
     * @param modules codec and media modules, e.g. {@code g711.so, opus.so, vp8.so, fakevideo.so} (with
     *     {@code fakevideo.so} it also sends and takes video)
     * @param srtp accept RTP/SAVP offers with SDES
     */
    public static Baresip callee(List<String> modules, boolean srtp) throws IOException, InterruptedException {
        int rtp = FreePorts.udpRange(16);
        StringBuilder media = new StringBuilder()
                .append(rtpPorts(rtp, 16))
                .append("audio_player aubridge,nil\naudio_source aubridge,nil\naudio_alert aubridge,nil\n")
                .append("module_path /usr/lib/baresip/modules\n")
                .append("module aubridge.so\n");
        if (modules.contains("fakevideo.so")) {
            media.append("video_source fakevideo,nil\nvideo_display fakevideo,nil\n");
        }
        return start("baresip-", media, modules, srtp);
    }

    /**
     * A callee that echoes what it hears: baresip's echo module answers and connects the call's player to its source
     * through aubridge, so the audio is decoded and encoded again by baresip (not a packet reflector).
     */
    public static Baresip echoCallee(List<String> modules) throws IOException, InterruptedException {
        int rtp = FreePorts.udpRange(8);
        StringBuilder media = new StringBuilder()
                .append(rtpPorts(rtp, 8))
                .append("audio_player aubridge,nil\naudio_source aubridge,nil\naudio_alert aubridge,nil\n")
                .append("module_path /usr/lib/baresip/modules\n")
                .append("module aubridge.so\nmodule_app echo.so\n");
        return start("baresip-echo-", media, modules, false, "manual");
    }

    /** A callee whose microphone is a sine of {@code toneHz} (audio only, RTCP on its own port). */
    public static Baresip toneCallee(int toneHz, List<String> modules, boolean srtp)
            throws IOException, InterruptedException {
        int rtp = FreePorts.udpRange(8);
        StringBuilder media = new StringBuilder()
                .append(rtpPorts(rtp, 8))
                .append("rtcp_mux no\n")
                .append("audio_source ausine,")
                .append(toneHz)
                .append('\n')
                // ausine makes only 48 kHz stereo (baresip converts); with another rate it never answers a PCMU call
                .append("ausrc_srate 48000\nausrc_channels 2\n")
                .append("audio_player aubridge,nil\naudio_alert aubridge,nil\n")
                .append("module_path /usr/lib/baresip/modules\n")
                .append("module ausine.so\nmodule aubridge.so\n");
        return start("baresip-tone-", media, modules, srtp);
    }

    private static String rtpPorts(int first, int count) {
        return "rtp_ports " + first + '-' + (first + count - 1) + '\n';
    }

    private static Baresip start(String prefix, StringBuilder media, List<String> modules, boolean srtp)
            throws IOException, InterruptedException {
        return start(prefix, media, modules, srtp, "auto");
    }

    private static Baresip start(
            String prefix, StringBuilder media, List<String> modules, boolean srtp, String answerMode)
            throws IOException, InterruptedException {
        Processes.require(BARESIP, "apt-get install baresip");
        Path dir = Files.createTempDirectory(prefix);
        int sipPort = FreePorts.udp();
        int console = FreePorts.udp();
        StringBuilder config = new StringBuilder()
                .append("poll_method poll\n")
                .append("sip_listen 127.0.0.1:")
                .append(sipPort)
                .append('\n')
                .append("net_interface 127.0.0.1\n")
                .append(media)
                .append("module cons.so\ncons_listen 127.0.0.1:")
                .append(console)
                .append('\n');
        for (String m : modules) {
            config.append("module ").append(m).append('\n');
        }
        if (srtp) {
            config.append("module srtp.so\n");
        }
        config.append("module_app account.so\nmodule_app menu.so\n");
        Files.writeString(dir.resolve("config"), config);
        Files.writeString(
                dir.resolve("accounts"),
                "<sip:callee@127.0.0.1>;regint=0;answermode=" + answerMode + (srtp ? ";mediaenc=srtp" : "") + "\n");
        Process p = new ProcessBuilder(BARESIP.toString(), "-f", dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        Baresip callee = new Baresip(p, dir, sipPort, console);
        callee.awaitReady();
        return callee;
    }

    private void awaitReady() throws InterruptedException {
        long end = System.nanoTime() + READY.toNanos();
        while (!output().contains("baresip is ready")) {
            if (!process.isAlive() || System.nanoTime() > end) {
                String out = output();
                close();
                throw new IllegalStateException("baresip did not start within " + READY + ":\n" + out);
            }
            Thread.sleep(20); // polling its log: baresip gives no other readiness signal
        }
    }

    /** Sends one command line (for example {@code /sndcode 1}) to baresip's UDP console; its reply is not read. */
    public void command(String line) throws IOException {
        byte[] b = (line + "\n").getBytes(StandardCharsets.US_ASCII);
        try (DatagramSocket s = new DatagramSocket()) {
            s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), consolePort));
        }
    }

    /** What baresip has printed so far. */
    public String output() {
        try {
            return Files.readString(dir.resolve("out.log"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        Processes.stop(process, Duration.ofSeconds(3));
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
