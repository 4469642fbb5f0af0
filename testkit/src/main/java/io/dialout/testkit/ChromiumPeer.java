package io.dialout.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A conference room played by headless Debian chromium (driven by playwright-core through testkit/node/peer.mjs):
 * a real WebRTC stack with fake camera and microphone, or a WebAudio oscillator as the microphone so tests know
 * the exact tone the room sends.
 * <pre>
 * try (ChromiumPeer room = ChromiumPeer.launch(new ChromiumPeer.Options().audioToneHz(440))) {
 *     String offer = room.createOffer();
 *     room.setAnswer(gatewayAnswer);
 *     room.awaitConnected(Duration.ofSeconds(20));
 *     ChromiumPeer.ToneReading heard = room.measureInboundTone(1500);
 * }
 * </pre>
 */
public final class ChromiumPeer implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
    private final StringBuilder stderr = new StringBuilder();
    private int nextId = 1;

    private ChromiumPeer(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        Thread out = new Thread(
                () -> pump(
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
                        true),
                "chromium-peer-out");
        Thread err = new Thread(
                () -> pump(
                        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)),
                        false),
                "chromium-peer-err");
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
    }

    /** Options of the room. */
    public static final class Options {
        double toneHz;
        boolean video;
        boolean audio = true;
        boolean pageMode;

        /** The room's microphone plays a sine of this frequency (0: chromium's fake microphone). */
        public Options audioToneHz(double hz) {
            this.toneHz = hz;
            return this;
        }

        /** Also send chromium's fake camera (and so offer video). */
        public Options video(boolean v) {
            this.video = v;
            return this;
        }

        public Options audio(boolean a) {
            this.audio = a;
            return this;
        }

        /**
         * Drive a web page ({@link #open}, {@link #click}, ...) instead of the built-in room: no peer connection is
         * set up by the harness.
         */
        public Options pageMode() {
            this.pageMode = true;
            return this;
        }
    }

    public static ChromiumPeer launch(Options options) {
        Processes.require(CHROMIUM, "install Debian's chromium package (scripts/install-test-deps.sh)");
        Path node = Processes.repoRoot().resolve("testkit/node");
        if (!Files.isDirectory(node.resolve("node_modules/playwright-core"))) {
            throw new IllegalStateException("playwright-core is not installed in " + node
                    + ": run scripts/install-test-deps.sh (npm ci there)");
        }
        try {
            Process p = new ProcessBuilder("node", node.resolve("peer.mjs").toString())
                    .directory(node.toFile())
                    .start();
            ChromiumPeer peer = new ChromiumPeer(p);
            JsonNode ready = peer.replies.poll(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (ready == null || !ready.path("ok").asBoolean()) {
                String why = ready == null ? "no answer" : ready.path("error").asText();
                peer.close();
                throw new IllegalStateException("chromium did not start: " + why + "\n" + peer.stderr);
            }
            if (!options.pageMode) {
                ObjectNode setup = JSON.createObjectNode()
                        .put("toneHz", options.toneHz)
                        .put("video", options.video)
                        .put("audio", options.audio);
                peer.command("setup", setup);
            }
            return peer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates the room's offer and waits for ICE gathering, so every candidate is inside it. */
    public String createOffer() {
        return command("offer", null).asText();
    }

    public void setAnswer(String sdp) {
        command("answer", JSON.createObjectNode().put("sdp", sdp));
    }

    /** Waits until the peer connection is "connected" (ICE and DTLS both up). */
    public void awaitConnected(Duration timeout) {
        command("waitConnected", JSON.createObjectNode().put("timeoutMs", timeout.toMillis()));
    }

    /** connection, ice and signaling states. */
    public Map<String, String> states() {
        JsonNode n = command("states", null);
        return Map.of(
                "connection",
                n.path("connection").asText(),
                "ice",
                n.path("ice").asText(),
                "signaling",
                n.path("signaling").asText());
    }

    /** getStats() as a JSON array of report objects. */
    public JsonNode stats() {
        return command("stats", null);
    }

    /** Sum of {@code field} over getStats() reports of {@code type} and {@code kind} (e.g. inbound-rtp audio). */
    public long statSum(String type, String kind, String field) {
        long sum = 0;
        for (JsonNode r : stats()) {
            if (type.equals(r.path("type").asText())
                    && (kind == null || kind.equals(r.path("kind").asText()))) {
                sum += r.path(field).asLong();
            }
        }
        return sum;
    }

    public long inboundAudioPackets() {
        return statSum("inbound-rtp", "audio", "packetsReceived");
    }

    public long outboundAudioPackets() {
        return statSum("outbound-rtp", "audio", "packetsSent");
    }

    public long framesDecoded() {
        return statSum("inbound-rtp", "video", "framesDecoded");
    }

    /** Polls {@code probe} until it reaches {@code atLeast} or the timeout passes; returns the last value. */
    public long awaitAtLeast(java.util.function.LongSupplier probe, long atLeast, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        long v = probe.getAsLong();
        while (v < atLeast && System.nanoTime() < end) {
            try {
                Thread.sleep(100); // polling getStats: the browser has no push for counters
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            v = probe.getAsLong();
        }
        return v;
    }

    /** The strongest tone the room hears over {@code durationMs}, between 100 Hz and 4 kHz. */
    public ToneReading measureInboundTone(int durationMs) {
        JsonNode n = command("tone", JSON.createObjectNode().put("durationMs", durationMs));
        return new ToneReading(
                n.path("frequency").asDouble(),
                n.path("peakDb").asDouble(),
                n.path("levelDbfs").asDouble(),
                n.path("frames").asInt());
    }

    /** Sends DTMF through the audio sender (RTCDTMFSender: RFC 4733 events toward the gateway). */
    public void sendDtmf(String tones, int durationMs) {
        command("dtmf", JSON.createObjectNode().put("tones", tones).put("durationMs", durationMs));
    }

    /** Runs a JavaScript expression in the room's page and returns its JSON value. */
    public JsonNode eval(String expression) {
        return command("eval", JSON.createObjectNode().put("expression", expression));
    }

    // ---- page mode: a real web page in the same browser ----------------------------------------------------------

    /** Opens {@code url} in the browser's page (e.g. the gateway's room page). */
    public void open(String url) {
        command("goto", JSON.createObjectNode().put("url", url));
    }

    public void click(String selector) {
        command("click", JSON.createObjectNode().put("selector", selector));
    }

    public void fill(String selector, String value) {
        command("fill", JSON.createObjectNode().put("selector", selector).put("value", value));
    }

    public String text(String selector) {
        return command("text", JSON.createObjectNode().put("selector", selector))
                .asText();
    }

    /** Waits until the element's text contains {@code text}; returns the whole text. */
    public String awaitText(String selector, String text, Duration timeout) {
        return command(
                        "waitForText",
                        JSON.createObjectNode()
                                .put("selector", selector)
                                .put("text", text)
                                .put("timeoutMs", timeout.toMillis()))
                .asText();
    }

    public int count(String selector) {
        return command("count", JSON.createObjectNode().put("selector", selector))
                .asInt();
    }

    public void screenshot(Path file) {
        command(
                "screenshot",
                JSON.createObjectNode().put("path", file.toAbsolutePath().toString()));
    }

    /**
     * What the room heard: the peak frequency, the peak bin's level and the overall RMS level of the received audio.
     */
    public record ToneReading(double frequencyHz, double peakDb, double levelDbfs, int frames) {}

    private synchronized JsonNode command(String cmd, ObjectNode args) {
        ObjectNode msg = args == null ? JSON.createObjectNode() : args;
        int id = nextId++;
        msg.put("id", id).put("cmd", cmd);
        try {
            stdin.write((JSON.writeValueAsString(msg) + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            long end = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
            while (true) {
                long left = end - System.nanoTime();
                JsonNode reply = replies.poll(Math.max(1, left), TimeUnit.NANOSECONDS);
                if (reply == null) {
                    throw new IllegalStateException("chromium peer: no reply to " + cmd + "\n" + stderr);
                }
                if (reply.path("id").asInt() != id) {
                    continue;
                }
                if (!reply.path("ok").asBoolean()) {
                    throw new IllegalStateException("chromium peer: " + cmd + " failed: "
                            + reply.path("error").asText());
                }
                return reply.path("result");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("chromium peer is gone: " + stderr, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void pump(BufferedReader in, boolean json) {
        try {
            for (String line; (line = in.readLine()) != null; ) {
                if (json) {
                    try {
                        replies.add(JSON.readTree(line));
                    } catch (IOException notJson) {
                        appendErr(line);
                    }
                } else {
                    appendErr(line);
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    private void appendErr(String line) {
        synchronized (stderr) {
            if (stderr.length() < 64_000) {
                stderr.append(line).append('\n');
            }
        }
    }

    /** What the harness and the browser wrote to stderr (page console lines start with [page]). */
    public String diagnostics() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                command("close", null);
            } catch (RuntimeException ignored) {
                // going away anyway
            }
        }
        Processes.stop(process, Duration.ofSeconds(5));
    }
}
