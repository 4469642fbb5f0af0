package io.dialout.media.negotiation.sip;

import io.dialout.testkit.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * baresip 1.0.0 (Debian) as a real callee that answers every INVITE at once, with a chosen set of codec modules and
 * optional SDES-SRTP. Stopped (and its temp folder left for inspection) by {@link #close}.
 */
final class BaresipCallee implements AutoCloseable {
    static final Path BARESIP = Path.of("/usr/bin/baresip");

    private final Process process;
    private final Path dir;
    final int sipPort;

    private BaresipCallee(Process process, Path dir, int sipPort) {
        this.process = process;
        this.dir = dir;
        this.sipPort = sipPort;
    }

    /**
     * @param modules codec and media modules, e.g. {@code g711.so, opus.so, vp8.so, fakevideo.so}
     * @param srtp    accept RTP/SAVP offers with SDES (account {@code ;mediaenc=srtp})
     */
    static BaresipCallee start(List<String> modules, boolean srtp) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("baresip-");
        int sipPort = FreePorts.udp();
        int rtp = FreePorts.udpRange(16);
        boolean video = modules.contains("fakevideo.so");
        StringBuilder config = new StringBuilder()
                .append("poll_method poll\n")
                .append("sip_listen 127.0.0.1:")
                .append(sipPort)
                .append('\n')
                .append("net_interface 127.0.0.1\n")
                .append("rtp_ports ")
                .append(rtp)
                .append('-')
                .append(rtp + 15)
                .append('\n')
                .append("audio_player aubridge,nil\naudio_source aubridge,nil\naudio_alert aubridge,nil\n")
                .append("module_path /usr/lib/baresip/modules\n")
                .append("module aubridge.so\n");
        for (String m : modules) {
            config.append("module ").append(m).append('\n');
        }
        if (video) {
            config.append("video_source fakevideo,nil\nvideo_display fakevideo,nil\n");
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
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        BaresipCallee b = new BaresipCallee(p, dir, sipPort);
        b.awaitOutput("baresip is ready", Duration.ofSeconds(20));
        return b;
    }

    String output() {
        try {
            return Files.readString(dir.resolve("out.log"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    private void awaitOutput(String text, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!output().contains(text)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("baresip exited:\n" + output());
            }
            if (System.nanoTime() > end) {
                close();
                throw new IllegalStateException("baresip not ready within " + timeout + ":\n" + output());
            }
            Thread.sleep(20); // polling its log: baresip gives no other readiness signal
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
