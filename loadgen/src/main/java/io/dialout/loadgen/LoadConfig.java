package io.dialout.loadgen;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * One load run.
 *
 * @param gateway       the gateway's WebSocket, e.g. ws://127.0.0.1:8080/v1/dialout
 * @param to            the SIP URI every call dials (a sipp UAS with RTP echo, say)
 * @param mode          what media the rooms send
 * @param calls         concurrent calls to reach (ramp target)
 * @param rampPerSec    new calls per second during the ramp
 * @param hold          how long to hold all calls once ramped up (media flows, measured)
 * @param churnPerSec   0, or calls per second set up and torn down during the hold (each lives churnLife)
 * @param churnLife     how long a churn call lives
 * @param callsPerConnection calls sharing one WebSocket connection
 * @param videoKbps     video bitrate per call in VIDEO mode
 * @param gatewayPid    the gateway's process id for CPU/RSS/threads/fds (0: not measured)
 * @param metrics       the gateway's /q/metrics (null: no heap figure)
 * @param json          where to write the result as JSON (null: nowhere)
 * @param target        what the rooms call through: our gateway (WebSocket) or Janus's SIP plugin (HTTP API)
 * @param janus         Janus's HTTP API, e.g. http://127.0.0.1:8088/janus (target JANUS)
 */
public record LoadConfig(
        URI gateway,
        String to,
        Mode mode,
        int calls,
        double rampPerSec,
        Duration hold,
        double churnPerSec,
        Duration churnLife,
        int callsPerConnection,
        int videoKbps,
        long gatewayPid,
        URI metrics,
        Path json,
        Target target,
        URI janus) {

    /** The system under test. */
    public enum Target {
        /** Our gateway, dialled over its WebSocket API. */
        GATEWAY,
        /** Janus 1.1.2's SIP plugin, driven over its HTTP API (guest register, then call with the offer). */
        JANUS;

        static Target parse(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    public enum Mode {
        /** The room offers PCMU first: G.711 on both legs, the gateway passes packets through. */
        PASSTHROUGH,
        /** The room offers Opus first: the gateway transcodes Opus (room) to G.711 (SIP) and back. */
        TRANSCODE,
        /** PCMU audio plus VP8 video at videoKbps, passed through. */
        VIDEO,
        /** No gateway: the same RTP straight to the echo peer on loopback, to isolate the gateway's own cost. */
        BASELINE,
        /** As BASELINE, with the VIDEO mode's video (plain RTP at videoKbps) beside the audio. */
        BASELINE_VIDEO;

        /** No gateway: the rooms send plain RTP straight to the echo. */
        boolean baseline() {
            return this == BASELINE || this == BASELINE_VIDEO;
        }

        /** The rooms send video. */
        boolean video() {
            return this == VIDEO || this == BASELINE_VIDEO;
        }

        static Mode parse(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    /** Parses {@code --name value} arguments; see {@link #usage()}. */
    public static LoadConfig parse(String... args) {
        URI gateway = URI.create("ws://127.0.0.1:8080/v1/dialout");
        String to = null;
        Mode mode = Mode.PASSTHROUGH;
        int calls = 10;
        double rate = 10;
        Duration hold = Duration.ofSeconds(10);
        double churn = 0;
        Duration churnLife = Duration.ofSeconds(2);
        int perConnection = 1;
        int videoKbps = 1500;
        long pid = 0;
        URI metrics = null;
        Path json = null;
        Target target = Target.GATEWAY;
        URI janus = URI.create("http://127.0.0.1:8088/janus");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                throw new IllegalArgumentException(usage());
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value\n" + usage());
            }
            String v = args[++i];
            switch (a) {
                case "--gateway" -> gateway = URI.create(v);
                case "--to" -> to = v;
                case "--mode" -> mode = Mode.parse(v);
                case "--calls" -> calls = Integer.parseInt(v);
                case "--rate" -> rate = Double.parseDouble(v);
                case "--hold" -> hold = Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
                case "--churn" -> churn = Double.parseDouble(v);
                case "--churn-life" -> churnLife = Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
                case "--calls-per-connection" -> perConnection = Integer.parseInt(v);
                case "--video-kbps" -> videoKbps = Integer.parseInt(v);
                case "--gateway-pid" -> pid = Long.parseLong(v);
                case "--metrics" -> metrics = URI.create(v);
                case "--json" -> json = Path.of(v);
                case "--target" -> target = Target.parse(v);
                case "--janus" -> janus = URI.create(v);
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + usage());
            }
        }
        if (to == null) {
            throw new IllegalArgumentException("--to is required\n" + usage());
        }
        if (calls < 1 || rate <= 0 || perConnection < 1 || videoKbps < 1) {
            throw new IllegalArgumentException("calls, rate, calls-per-connection and video-kbps must be positive");
        }
        if (target == Target.JANUS && mode != Mode.PASSTHROUGH) {
            throw new IllegalArgumentException("--target janus plays pass-through audio only (--mode passthrough)");
        }
        return new LoadConfig(
                gateway,
                to,
                mode,
                calls,
                rate,
                hold,
                churn,
                churnLife,
                perConnection,
                videoKbps,
                pid,
                metrics,
                json,
                target,
                janus);
    }

    public static String usage() {
        return """
                usage: loadgen --to sip:echo@127.0.0.1:5070 [options]
                  --gateway URI             ws://127.0.0.1:8080/v1/dialout
                  --mode M                  passthrough | transcode | video | baseline | baseline-video
                                            (baseline: --to host:port of the echo)
                  --calls N                 concurrent calls to reach (10)
                  --rate R                  new calls per second while ramping (10)
                  --hold S                  seconds to hold the calls, media flowing (10)
                  --churn C                 calls/s set up and torn down during the hold (0)
                  --churn-life S            seconds each churn call lives (2)
                  --calls-per-connection K  calls sharing one WebSocket (1)
                  --video-kbps B            video bitrate per call in video mode (1500)
                  --gateway-pid P           measure this process's CPU, RSS, threads, fds
                  --metrics URI             the gateway's /q/metrics, for heap per call
                  --json FILE               also write the result as JSON
                  --target T                gateway | janus (the same rooms through Janus's SIP plugin)
                  --janus URI               Janus's HTTP API (http://127.0.0.1:8088/janus); --gateway-pid: Janus's pid""";
    }
}
