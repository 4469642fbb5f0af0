package io.dialout.loadgen;

import io.dialout.testkit.FreePorts;
import io.dialout.testkit.Sipp;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The SIP side of a benchmark: sipp UAS processes with RTP echo, the calls spread over them in turn (the load
 * generator's {@code --to} takes the comma-separated list). One sipp echoes on one socket from one thread, and past
 * about 150 calls that socket's default receive buffer overflows: the loss would be sipp's, not the system's under
 * test. So a benchmark starts one sipp per {@code callsPerPeer} calls.
 */
final class EchoPeers implements AutoCloseable {
    private final List<Sipp> peers = new ArrayList<>();
    /** Where a baseline sends its RTP: each sipp's echo, or the generator's own echo's sockets ({@link #plain}). */
    private final List<String> mediaTargets = new ArrayList<>();

    /** Starts {@code count} sipp echo UASs with {@code scenario} (a resource of this module). */
    EchoPeers(String scenario, int count) throws IOException {
        try {
            for (int i = 0; i < count; i++) {
                peers.add(Sipp.scenario(Scenarios.file(scenario))
                        .rtpEcho()
                        .calls(1_000_000)
                        .timeout(Duration.ofHours(2))
                        .arg("-max_socket", "60000")
                        .start());
                mediaTargets.add("127.0.0.1:" + peers.get(i).mediaPort());
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private EchoPeers() {}

    /**
     * {@code count} sipp UASs that answer the SIP side only, with an SDP pointing at {@code echo} (the generator's own
     * plain-RTP echo, one thread for all calls): sipp i gets the echo's socket i (modulo their number) for audio, and
     * the next one for video. The echo is not closed with the peers.
     */
    static EchoPeers plain(String scenario, int count, RtpEcho echo) throws IOException {
        EchoPeers e = new EchoPeers();
        List<Integer> ports = echo.ports();
        try {
            for (int i = 0; i < count; i++) {
                int audio = ports.get(i % ports.size());
                int video = ports.get((i + 1) % ports.size());
                e.peers.add(Sipp.scenario(Scenarios.file(scenario))
                        .mediaPort(io.dialout.testkit.FreePorts.udpPair()) // sipp's own, unused
                        .calls(1_000_000)
                        .timeout(Duration.ofHours(2))
                        .arg("-max_socket", "60000")
                        .arg("-key", "echo_port", Integer.toString(audio))
                        .arg("-key", "echo_video_port", Integer.toString(video))
                        .start());
                e.mediaTargets.add("127.0.0.1:" + audio);
            }
        } catch (IOException | RuntimeException ex) {
            e.close();
            throw ex;
        }
        return e;
    }

    /** Enough peers for {@code calls} calls at {@code callsPerPeer} each (at least one). */
    static EchoPeers forCalls(String scenario, int calls, int callsPerPeer) throws IOException {
        return new EchoPeers(scenario, Math.max(1, (calls + callsPerPeer - 1) / callsPerPeer));
    }

    int size() {
        return peers.size();
    }

    /** The SIP URIs to dial, comma-separated. */
    String uris() {
        return String.join(",", peers.stream().map(p -> p.uri("echo")).toList());
    }

    /** The RTP echo addresses (host:port), comma-separated, for the baseline that bypasses the gateway. */
    String mediaTargets() {
        return String.join(",", mediaTargets);
    }

    @Override
    public void close() {
        for (Sipp p : peers) {
            p.close();
        }
        peers.clear();
    }

    /**
     * Gateway settings for a benchmark of up to {@code calls} concurrent calls: a call cap above it and a SIP-side RTP
     * range with room for audio and video pairs plus the calls still closing (the test default range holds 200).
     */
    static Map<String, String> gatewaySettings(int calls) {
        int pairs = Math.max(400, calls * 2 + 200);
        int rtp = FreePorts.udpRange(2 * pairs);
        return Map.of(
                "gateway.limits.max-calls",
                "5000",
                "gateway.media.sip-rtp-port-min",
                Integer.toString(rtp),
                "gateway.media.sip-rtp-port-max",
                Integer.toString(rtp + 2 * pairs - 1),
                "quarkus.log.category.\"io.dialout\".level",
                "WARN");
    }
}
