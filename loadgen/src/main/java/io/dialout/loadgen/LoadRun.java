package io.dialout.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialout.loadgen.LoadConfig.Mode;
import io.dialout.loadgen.LoadConfig.Target;
import io.dialout.media.codec.AudioCodecs;
import io.dialout.media.codec.AudioEncoder;
import io.dialout.media.codec.AudioFormat;
import io.dialout.media.codec.CodecOptions;
import io.dialout.media.srtp.SrtpSession;
import io.dialout.media.webrtc.dtls.DtlsFactory;
import io.dialout.media.webrtc.dtls.DtlsIdentity;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * One load run: ramp up to the target number of calls, hold them with media flowing, optionally churn extra calls,
 * then hang everything up and report. The rooms call through our gateway's WebSocket API, or through Janus's SIP
 * plugin over its HTTP API ({@link Target#JANUS}: every room's session is created and guest-registered before the
 * ramp, since each register holds the plugin's message thread for about 100 ms; see {@link JanusCall}).
 */
public final class LoadRun implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoadConfig config;
    private final Results results = new Results();
    private final Map<String, SyntheticRoom> rooms = new ConcurrentHashMap<>();
    private final Map<String, GatewayLink> linkOf = new ConcurrentHashMap<>();
    private final List<GatewayLink> links = new ArrayList<>();
    private final ExecutorService handshakes = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "loadgen-dtls");
        t.setDaemon(true);
        return t;
    });
    private final DtlsFactory dtls = new DtlsFactory(DtlsIdentity.generate(), handshakes);
    private final RoomIo io;
    private final WebSocketClient ws = new WebSocketClient();
    private final AtomicInteger seq = new AtomicInteger();
    private final byte[][] opusFrames;
    private volatile boolean hangingUp;
    private final JanusApi janus;
    private final Map<String, JanusCall> janusCalls = new ConcurrentHashMap<>();
    private final Queue<JanusCall> janusReady = new ConcurrentLinkedQueue<>();
    private final Set<String> dialOnRegister = ConcurrentHashMap.newKeySet();
    private final AtomicInteger janusSetupsDone = new AtomicInteger();
    /** The generator's own RTP echo (per-core bench), measured over the hold; null when sipp echoes. */
    private RtpEcho echo;

    public LoadRun(LoadConfig config) throws Exception {
        // jitsi-srtp picks its AES implementation by benchmarking on first use (seconds): pay that before the run, or
        // the ticker stalls inside the first protect and the hold measures nothing.
        SrtpSession.warmUp();
        this.config = config;
        this.io = new RoomIo();
        this.opusFrames = config.mode() == Mode.TRANSCODE ? opusTone() : new byte[0][];
        // jitsi-srtp benchmarks its AES providers on first use (seconds): not inside the first call's round trip
        SrtpSession.warmUp();
        this.janus = config.target() == Target.JANUS ? new JanusApi(config.janus()) : null;
        ws.setMaxTextMessageSize(1 << 20);
        // a room's WebSocket is silent for the whole hold: Jetty's default 30 s idle timeout would close it (and the
        // gateway would end the call, controller-gone) in any hold or soak longer than that
        ws.setIdleTimeout(Duration.ofHours(2));
        ws.start();
    }

    /** Runs the whole scenario and returns the report. */
    public Report run() throws Exception {
        ProcessStats idle = ProcessStats.read(config.gatewayPid(), config.metrics(), true);
        if (janus != null) {
            registerJanus(config.calls(), Duration.ofSeconds(30 + config.calls() / 5));
        }
        Map<String, Long> threadsBefore = ProcessStats.threadTicks(config.gatewayPid());
        long start = System.nanoTime();
        ramp(start);
        long rampDone = System.nanoTime();
        awaitAnswered(config.calls(), Duration.ofSeconds(30));
        // Janus reports accepted before ICE and DTLS even start: hold (and measure) once the media is up
        awaitMedia(Duration.ofSeconds(15));
        if (!config.mode().baseline()) {
            results.rampThreadTicks = diff(threadsBefore, ProcessStats.threadTicks(config.gatewayPid()));
            results.rampCalls = config.calls();
            if (janus == null) {
                readSetupStages();
            }
        }
        long mediaStart = System.nanoTime();
        long[] before = packetTotals();
        ProcessStats holdStart = ProcessStats.read(config.gatewayPid(), config.metrics());
        int held = activeAnswered();
        long self = ProcessHandle.current().pid();
        ProcessStats selfStart = ProcessStats.read(self, null);
        long[] machineStart = ProcessStats.machineTicks();
        long[] coresStart = ProcessStats.coreIdleTicks();
        long echoCpuStart = echo == null ? -1 : echo.cpuNanos();
        long echoedStart = echo == null ? -1 : echo.echoed();
        long echoStartNanos = System.nanoTime();
        results.holding = true;
        hold(mediaStart);
        results.holding = false;
        results.machineBusyPercent = ProcessStats.machineBusyPercent(machineStart, ProcessStats.machineTicks());
        long[] coresEnd = ProcessStats.coreIdleTicks();
        if (coresStart != null && coresEnd != null) {
            double[] busy = new double[coresStart.length - 1];
            for (int c = 0; c < busy.length; c++) {
                busy[c] = ProcessStats.coreBusyPercent(coresStart, coresEnd, c);
            }
            results.coreBusyPercent = busy;
        }
        if (echo != null && echoCpuStart >= 0) {
            results.echoCpuPercent = 100.0 * (echo.cpuNanos() - echoCpuStart) / (System.nanoTime() - echoStartNanos);
            results.echoPackets = echo.echoed() - echoedStart;
        }
        results.generatorCpuPercent = ProcessStats.cpuPercent(selfStart, ProcessStats.read(self, null));
        ProcessStats holdEnd = ProcessStats.read(config.gatewayPid(), config.metrics());
        // after the CPU reading: a full collection, so that the heap per call is what the calls keep alive
        results.liveHeapBytes =
                ProcessStats.read(config.gatewayPid(), config.metrics(), true).heapBytes();
        rooms.values().forEach(r -> results.stage(r.stage()));
        long[] after = drainInFlight();
        hangupAll(Duration.ofSeconds(15));
        ProcessStats end = ProcessStats.read(config.gatewayPid(), config.metrics());
        return new Report(
                config,
                results,
                held,
                (rampDone - start) / 1e9,
                (holdEnd.atNanos() - holdStart.atNanos()) / 1e9,
                after[0] - before[0],
                after[1] - before[1],
                after[2] - before[2],
                after[3] - before[3],
                idle,
                holdStart,
                holdEnd,
                end);
    }

    private static Map<String, Long> diff(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new java.util.TreeMap<>();
        after.forEach((k, v) -> {
            long delta = v - before.getOrDefault(k, 0L);
            if (delta > 0) {
                d.put(k, delta);
            }
        });
        return d;
    }

    /** The gateway's set-up stages of every call up now (GET /v1/calls, next to /q/metrics), into the results. */
    private void readSetupStages() {
        if (config.metrics() == null) {
            return;
        }
        try {
            java.net.http.HttpClient c = java.net.http.HttpClient.newHttpClient();
            String body = c.send(
                            java.net.http.HttpRequest.newBuilder(
                                            config.metrics().resolve("/v1/calls"))
                                    .timeout(Duration.ofSeconds(20))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body();
            for (JsonNode call : JSON.readTree(body)) {
                JsonNode setup = call.path("setup");
                for (var e : setup.properties()) {
                    if (e.getValue().isNumber()) {
                        results.setupStages
                                .computeIfAbsent(e.getKey(), k -> new Histogram())
                                .recordMicros(e.getValue().asLong());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            results.error("setup-stages:" + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void ramp(long start) throws Exception {
        double interval = 1e9 / config.rampPerSec();
        for (int i = 0; i < config.calls(); i++) {
            long due = start + (long) (i * interval);
            sleepUntil(due);
            startCall(false);
        }
    }

    private void hold(long from) throws Exception {
        long end = from + config.hold().toNanos();
        if (config.churnPerSec() <= 0) {
            sleepUntil(end);
            return;
        }
        double interval = 1e9 / config.churnPerSec();
        List<String> churn = new ArrayList<>();
        List<Long> hangAt = new ArrayList<>();
        long next = from;
        while (System.nanoTime() < end) {
            long now = System.nanoTime();
            if (now >= next) {
                churn.add(startCall(true));
                hangAt.add(now + config.churnLife().toNanos());
                next += (long) interval;
            }
            while (!hangAt.isEmpty() && hangAt.get(0) <= now) {
                hangup(churn.remove(0));
                hangAt.remove(0);
            }
            Thread.sleep(2);
        }
        churn.forEach(this::hangup);
    }

    private String startCall(boolean churn) throws Exception {
        if (janus != null) {
            return startJanusCall(churn);
        }
        String callId = (churn ? "churn-" : "load-") + seq.incrementAndGet();
        SyntheticRoom room = new SyntheticRoom(callId, config.mode(), dtls, config.videoKbps(), opusFrames, results);
        rooms.put(callId, room);
        results.dialed.incrementAndGet();
        String to = nextTo();
        if (config.mode().baseline()) {
            io.add(room);
            room.startBaseline(baselineTarget(to));
            results.answered.incrementAndGet();
            return callId;
        }
        GatewayLink link = link();
        linkOf.put(callId, link);
        String dial = JSON.createObjectNode()
                .put("type", "dial")
                .put("callId", callId)
                .put("to", to)
                .put("offer", room.offer())
                .put("ringTimeoutSec", 30)
                .toString();
        io.add(room);
        room.dialNanos = System.nanoTime();
        link.send(dial);
        return callId;
    }

    /** Creates and guest-registers {@code n} Janus sessions, and waits until each is registered or failed. */
    private void registerJanus(int n, Duration timeout) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            JanusCall c = new JanusCall("load-" + seq.incrementAndGet(), janus, janusListener);
            janusCalls.put(c.callId, c);
            c.register();
        }
        long end = System.nanoTime() + timeout.toNanos();
        while (janusSetupsDone.get() < n && System.nanoTime() < end) {
            Thread.sleep(20);
        }
    }

    /** A registered session places its call (a churn call registers first, then calls). */
    private String startJanusCall(boolean churn) throws Exception {
        JanusCall c = churn ? null : janusReady.poll();
        if (c == null) {
            c = new JanusCall((churn ? "churn-" : "load-") + seq.incrementAndGet(), janus, janusListener);
            janusCalls.put(c.callId, c);
            dialOnRegister.add(c.callId);
            c.register();
            return c.callId;
        }
        placeJanusCall(c);
        return c.callId;
    }

    private void placeJanusCall(JanusCall c) {
        try {
            SyntheticRoom room =
                    new SyntheticRoom(c.callId, config.mode(), dtls, config.videoKbps(), opusFrames, results);
            rooms.put(c.callId, room);
            results.dialed.incrementAndGet();
            io.add(room);
            room.dialNanos = System.nanoTime();
            c.call(nextTo(), room.offer());
        } catch (IOException e) {
            results.error("client:" + e.getClass().getSimpleName());
            c.hangup();
        }
    }

    /** Janus's events mapped onto the report: calling = INVITE sent, accepted = answer and answered at once. */
    private final JanusCall.Listener janusListener = new JanusCall.Listener() {
        @Override
        public void registered(JanusCall call) {
            janusSetupsDone.incrementAndGet();
            if (dialOnRegister.remove(call.callId)) {
                placeJanusCall(call);
            } else {
                janusReady.add(call);
            }
        }

        @Override
        public void calling(JanusCall call) {
            SyntheticRoom room = rooms.get(call.callId);
            if (room != null) {
                results.dialToTrying.recordNanos(System.nanoTime() - room.dialNanos);
            }
        }

        @Override
        public void accepted(JanusCall call, String answerSdp) {
            SyntheticRoom room = rooms.get(call.callId);
            if (room == null) {
                return;
            }
            try {
                room.onAnswer(answerSdp);
            } catch (Exception e) {
                results.error("client:" + e.getClass().getSimpleName());
                call.hangup();
                return;
            }
            results.dialToAnswer.recordNanos(room.answerNanos - room.dialNanos);
            room.answeredNanos = System.nanoTime();
            room.mediaOn = true;
            results.answered.incrementAndGet();
            results.dialToAnswered.recordNanos(room.answeredNanos - room.dialNanos);
        }

        @Override
        public void ended(JanusCall call, String reason) {
            janusCalls.remove(call.callId);
            if (!call.localHangup()) {
                if (!rooms.containsKey(call.callId)) {
                    janusSetupsDone.incrementAndGet(); // failed before its call was placed
                }
                if (!hangingUp) {
                    results.failed(reason);
                }
            }
            SyntheticRoom room = rooms.get(call.callId);
            if (room != null) {
                finish(room);
            }
        }
    };

    /**
     * The callee of the next call: {@code --to} may list several (comma-separated), used in turn, so that the load
     * can be spread over several echo peers (one sipp echo thread drops packets past a few hundred calls).
     */
    private String nextTo() {
        String[] all = config.to().split(",");
        return all[(int) (toIndex.getAndIncrement() % all.length)].trim();
    }

    private final java.util.concurrent.atomic.AtomicLong toIndex = new java.util.concurrent.atomic.AtomicLong();

    private static InetSocketAddress baselineTarget(String to) {
        String t = to.replaceFirst("^[a-z]+:", "").replaceFirst("^.*@", "");
        int colon = t.lastIndexOf(':');
        return new InetSocketAddress(
                t.substring(0, colon), Integer.parseInt(t.substring(colon + 1).split("[;>]")[0]));
    }

    private synchronized GatewayLink link() throws Exception {
        int index = (seq.get() - 1) / config.callsPerConnection();
        while (links.size() <= index) {
            links.add(new GatewayLink(ws, config.gateway(), this::onMessage));
        }
        return links.get(index);
    }

    private void onMessage(GatewayLink link, String text) {
        try {
            JsonNode m = JSON.readTree(text);
            SyntheticRoom room = rooms.get(m.path("callId").asText());
            if (room == null) {
                return;
            }
            switch (m.path("type").asText()) {
                case "answer" -> {
                    room.onAnswer(m.path("sdp").asText());
                    results.dialToAnswer.recordNanos(room.answerNanos - room.dialNanos);
                }
                case "state" -> onState(room, m);
                case "error" -> {
                    results.error(m.path("code").asText());
                    finish(room);
                }
                default -> {}
            }
        } catch (Exception e) {
            results.error("client:" + e.getClass().getSimpleName());
        }
    }

    private void onState(SyntheticRoom room, JsonNode m) {
        switch (m.path("state").asText()) {
            case "trying" -> results.dialToTrying.recordNanos(System.nanoTime() - room.dialNanos);
            case "answered" -> {
                room.answeredNanos = System.nanoTime();
                room.mediaOn = true;
                results.answered.incrementAndGet();
                results.dialToAnswered.recordNanos(room.answeredNanos - room.dialNanos);
            }
            case "ended" -> {
                String cause = m.path("cause").asText();
                if (!hangingUp && !cause.equals("local-hangup")) {
                    results.failed(cause);
                }
                finish(room);
            }
            default -> {}
        }
    }

    private void finish(SyntheticRoom room) {
        room.ended = true;
        rooms.remove(room.callId);
        GatewayLink link = linkOf.remove(room.callId);
        if (link != null) {
            link.callEnded(config.callsPerConnection());
        }
        io.remove(room);
    }

    private void hangup(String callId) {
        JanusCall call = janusCalls.get(callId);
        if (call != null) {
            call.hangup();
            return;
        }
        GatewayLink link = linkOf.get(callId);
        if (link != null) {
            link.send(JSON.createObjectNode()
                    .put("type", "hangup")
                    .put("callId", callId)
                    .toString());
        } else {
            SyntheticRoom r = rooms.remove(callId);
            if (r != null) {
                io.remove(r);
            }
        }
    }

    private void hangupAll(Duration wait) throws InterruptedException {
        hangingUp = true;
        new ArrayList<>(rooms.keySet()).forEach(this::hangup);
        new ArrayList<>(janusCalls.keySet()).forEach(this::hangup); // registered, never called
        long end = System.nanoTime() + wait.toNanos();
        while (!rooms.isEmpty() && System.nanoTime() < end) {
            Thread.sleep(20);
        }
    }

    private void awaitAnswered(int n, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (activeAnswered() + failedCount() < n && System.nanoTime() < end) {
            Thread.sleep(20);
        }
    }

    private void awaitMedia(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end
                && rooms.values().stream().anyMatch(r -> r.mediaOn && !r.ended && !r.mediaReady())) {
            Thread.sleep(20);
        }
    }

    private int activeAnswered() {
        return (int) rooms.values().stream().filter(r -> r.mediaOn && !r.ended).count();
    }

    private long failedCount() {
        return results.failureCounts().values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }

    /** audio sent, audio received, video sent, video received, over the rooms alive now. */
    /**
     * Stops the rooms' media and waits until what is in flight has come back (no change for 200 ms, at most 2 s), so
     * that packets sent just before the end of the hold are not counted as lost.
     */
    private long[] drainInFlight() throws InterruptedException {
        rooms.values().forEach(r -> r.paused = true);
        long[] last = packetTotals();
        long stableSince = System.nanoTime();
        long deadline = stableSince + 2_000_000_000L;
        while (System.nanoTime() < deadline && System.nanoTime() - stableSince < 200_000_000L) {
            Thread.sleep(20);
            long[] now = packetTotals();
            if (!java.util.Arrays.equals(now, last)) {
                last = now;
                stableSince = System.nanoTime();
            }
        }
        return last;
    }

    private long[] packetTotals() {
        long[] t = new long[4];
        for (SyntheticRoom r : rooms.values()) {
            t[0] += r.audioSent.get();
            t[1] += r.audioReceived.get();
            t[2] += r.videoSent.get();
            t[3] += r.videoReceived.get();
        }
        return t;
    }

    private static void sleepUntil(long due) throws InterruptedException {
        long left;
        while ((left = due - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000), 0);
        }
    }

    /** One second of a 440 Hz tone as Opus frames, encoded once and replayed by every room. */
    private static byte[][] opusTone() {
        AudioFormat opus = AudioFormat.opus(111);
        byte[][] frames = new byte[50][];
        try (AudioEncoder enc = AudioCodecs.encoder(opus, CodecOptions.DEFAULT)) {
            short[] pcm = new short[opus.sampleRate() / 50];
            byte[] out = new byte[1500];
            for (int f = 0; f < frames.length; f++) {
                for (int i = 0; i < pcm.length; i++) {
                    int n = f * pcm.length + i;
                    pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * n / opus.sampleRate()));
                }
                int len = enc.encode(pcm, 0, out, 0);
                frames[f] = Arrays.copyOf(out, len);
            }
        }
        return frames;
    }

    @Override
    public void close() {
        io.close();
        links.forEach(GatewayLink::close);
        try {
            ws.stop();
        } catch (Exception ignored) {
            // closing
        }
        handshakes.shutdownNow();
        if (janus != null) {
            janus.close();
        }
    }

    /** Runs {@code config} and closes everything it opened. */
    public static Report execute(LoadConfig config) throws Exception {
        return execute(config, null);
    }

    /** As {@link #execute(LoadConfig)}, with the callee's media echoed by {@code echo} (its CPU is reported). */
    static Report execute(LoadConfig config, RtpEcho echo) throws Exception {
        try (LoadRun run = new LoadRun(config)) {
            run.echo = echo;
            return run.run();
        }
    }

    Results results() {
        return results;
    }

    static String describe(IOException e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
