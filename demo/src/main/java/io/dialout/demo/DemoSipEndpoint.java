package io.dialout.demo;

import io.dialout.demo.media.MediaContext;
import io.dialout.demo.sip.DemoSipStack;
import io.dialout.demo.sip.DemoUas;
import java.io.IOException;
import java.time.Duration;
import java.util.TooManyListenersException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The embedded demo SIP endpoint: a real SIP user agent server (JAIN-SIP, its own stack) with RTP on plain UDP
 * sockets, reached by the gateway over the network like any callee. The Request-URI's user part picks the
 * behaviour: {@code echo}, {@code tone}, {@code ivr}, {@code busy}, {@code decline}, {@code noanswer}; anything
 * else gets 404. See docs/demo.md.
 * <p>
 * Threads: the SIP stack's own, one control thread (all call state, timers and the pacing of sent audio) and one
 * selector thread for every RTP/RTCP socket. {@link #close()} stops them all.
 * <pre>
 * try (DemoSipEndpoint demo = DemoSipEndpoint.start(new DemoConfig("127.0.0.1", 0, 0, 0, 440))) {
 *     dial("sip:echo@127.0.0.1:" + demo.sipPort());
 * }
 * </pre>
 */
public final class DemoSipEndpoint implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DemoSipEndpoint.class.getName());

    private final DemoConfig config;
    private final ScheduledExecutorService control;
    private final MediaContext media;
    private final DemoSipStack sip;
    private final DemoUas uas;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DemoSipEndpoint(
            DemoConfig config, ScheduledExecutorService control, MediaContext media, DemoSipStack sip, DemoUas uas) {
        this.config = config;
        this.control = control;
        this.media = media;
        this.sip = sip;
        this.uas = uas;
    }

    /** Binds SIP (UDP and TCP) and starts answering. */
    public static DemoSipEndpoint start(DemoConfig config) throws IOException {
        ScheduledExecutorService control = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-control");
            t.setDaemon(true);
            return t;
        });
        MediaContext media = null;
        DemoSipStack sip = null;
        try {
            media = new MediaContext(config.bindAddress(), config.rtpPortMin(), config.rtpPortMax(), control);
            sip = DemoSipStack.open(config.bindAddress(), config.sipPort());
            DemoUas uas = new DemoUas(sip, media, control, config.toneHz(), config.maxCallDuration());
            sip.provider().addSipListener(uas);
            LOG.log(
                    System.Logger.Level.INFO,
                    "demo SIP endpoint on {0}:{1} (udp, tcp): echo, tone, ivr, busy," + " decline, noanswer",
                    config.bindAddress(),
                    String.valueOf(sip.port()));
            return new DemoSipEndpoint(config, control, media, sip, uas);
        } catch (IOException | TooManyListenersException | RuntimeException e) {
            if (sip != null) {
                sip.close();
            }
            if (media != null) {
                media.close();
            }
            control.shutdownNow();
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    /** The SIP port, on UDP and TCP (the chosen one when the config said 0). */
    public int sipPort() {
        return sip.port();
    }

    public String bindAddress() {
        return config.bindAddress();
    }

    /** {@code sip:<user>@<address>:<port>}, the URI that reaches a demo user. */
    public String uri(String user) {
        return "sip:" + user + "@" + config.bindAddress() + ":" + sip.port();
    }

    /** Calls ringing or answered right now. */
    public int activeCalls() {
        return uas.activeCalls();
    }

    /**
     * Hangs up every call (BYE, or 480 while ringing), stops the SIP stack, closes every socket and stops the
     * threads. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        uas.close(Duration.ofSeconds(2));
        sip.close();
        media.close();
        control.shutdownNow();
        try {
            control.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs the endpoint until the JVM is stopped. Arguments (all optional): {@code --bind 127.0.0.1},
     * {@code --sip-port 5070}, {@code --rtp-ports 40000-40999}, {@code --tone-hz 440}, {@code --max-call-seconds 3600}.
     */
    public static void main(String[] args) throws Exception {
        String bind = "127.0.0.1";
        int sipPort = 5070;
        int rtpMin = 0;
        int rtpMax = 0;
        double tone = DemoConfig.DEFAULT_TONE_HZ;
        Duration max = DemoConfig.DEFAULT_MAX_CALL_DURATION;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--bind" -> bind = v;
                case "--sip-port" -> sipPort = Integer.parseInt(v);
                case "--rtp-ports" -> {
                    String[] r = v.split("-");
                    rtpMin = Integer.parseInt(r[0]);
                    rtpMax = Integer.parseInt(r[1]);
                }
                case "--tone-hz" -> tone = Double.parseDouble(v);
                case "--max-call-seconds" -> max = Duration.ofSeconds(Long.parseLong(v));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        DemoSipEndpoint demo = start(new DemoConfig(bind, sipPort, rtpMin, rtpMax, tone, max));
        System.out.println(
                "demo SIP endpoint listening: " + demo.uri("echo") + " (also tone, ivr, busy, decline," + " noanswer)");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            demo.close();
                            stopped.countDown();
                        },
                        "demo-shutdown"));
        stopped.await();
    }
}
