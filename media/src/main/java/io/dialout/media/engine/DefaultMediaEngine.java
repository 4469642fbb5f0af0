package io.dialout.media.engine;

import io.dialout.media.CallMedia;
import io.dialout.media.CallMediaRequest;
import io.dialout.media.CallMediaStats;
import io.dialout.media.MediaConfig;
import io.dialout.media.MediaEngine;
import io.dialout.media.MediaException;
import io.dialout.media.MediaListener;
import io.dialout.media.MediaTotals;
import io.dialout.media.relay.DirectionPipeline;
import io.dialout.media.sipleg.PortPairPool;
import io.dialout.media.srtp.SrtpSession;
import io.dialout.media.webrtc.RoomPort;
import io.dialout.media.webrtc.dtls.DtlsIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The media plane of one gateway: one DTLS identity and one shared UDP port toward every room, a pool of RTP/RTCP
 * port pairs toward SIP, and a fixed set of I/O threads; each call is given to the I/O thread with the fewest calls
 * and stays there.
 */
public final class DefaultMediaEngine implements MediaEngine {

    private final MediaConfig config;
    private final DtlsIdentity identity;
    private final RoomPort roomPort;
    private final PortPairPool ports;
    private final List<IoLoop> loops = new ArrayList<>();
    private final List<String> roomAddresses;
    private final Set<DefaultCallMedia> calls = ConcurrentHashMap.newKeySet();
    /** The counters of every call that ended; guarded by itself, with the removal from {@link #calls}. */
    private final MediaTotals ended = new MediaTotals(DirectionPipeline.stageNames(), DirectionPipeline.stageNames());

    private volatile boolean closed;

    public DefaultMediaEngine(MediaConfig config) throws MediaException {
        this(config, config.ioThreads());
    }

    /** As above with {@code roomSockets} room sockets (tests: fewer sockets than loops makes calls move). */
    DefaultMediaEngine(MediaConfig config, int roomSockets) throws MediaException {
        this.config = config;
        try {
            // jitsi-srtp benchmarks its AES providers for seconds on first use; RoomPort does this in the
            // background, but a call arriving first lost its first seconds of audio (seen in
            // EngineWithChromiumTest), so the engine pays it before it takes calls.
            SrtpSession.warmUp();
            this.identity = DtlsIdentity.generate();
            // One room socket per I/O loop (SO_REUSEPORT), read by that loop: a room packet is read, decrypted,
            // relayed and sent toward SIP on one thread when its call lives on the loop whose socket Linux hashed
            // the browser's address to (always, with one loop); otherwise it crosses to its call's loop by the ring.
            this.roomPort = RoomPort.forLoops(
                    new InetSocketAddress(InetAddress.getByName(config.roomBindAddress()), config.roomPort()),
                    roomSockets,
                    identity);
            this.ports = new PortPairPool(
                    InetAddress.getByName(config.sipBindAddress()), config.sipRtpPortMin(), config.sipRtpPortMax());
            this.roomAddresses = roomAddresses(config);
            List<RoomPort.SocketReader> readers = roomPort.socketReaders();
            for (int i = 0; i < config.ioThreads(); i++) {
                IoLoop loop = new IoLoop("media-io-" + i);
                loops.add(loop);
                if (i < readers.size()) {
                    loop.readRoomSocket(readers.get(i));
                }
                loop.start();
            }
        } catch (IOException | UncheckedIOException e) {
            close();
            throw new MediaException("media engine could not start: " + e.getMessage(), e);
        }
    }

    /**
     * The addresses of our ICE host candidates: the configured ones, else the bind address, else (wildcard bind)
     * every up, non-loopback interface address (IPv4 first: most rooms and NATs here are IPv4).
     */
    private static List<String> roomAddresses(MediaConfig config) throws IOException {
        if (!config.roomAdvertisedAddresses().isEmpty()) {
            return config.roomAdvertisedAddresses();
        }
        InetAddress bind = InetAddress.getByName(config.roomBindAddress());
        if (!bind.isAnyLocalAddress()) {
            return List.of(bind.getHostAddress());
        }
        List<String> v4 = new ArrayList<>();
        List<String> v6 = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a.isLinkLocalAddress()) {
                        continue;
                    }
                    (a instanceof Inet6Address ? v6 : v4).add(a.getHostAddress());
                }
            }
        } catch (SocketException e) {
            throw new IOException("cannot list network interfaces", e);
        }
        v4.addAll(v6);
        return v4.isEmpty() ? List.of(InetAddress.getLoopbackAddress().getHostAddress()) : v4;
    }

    @Override
    public CallMedia createCall(CallMediaRequest request, MediaListener listener) throws MediaException {
        if (closed) {
            throw new MediaException("media engine is closed");
        }
        DefaultCallMedia call = DefaultCallMedia.create(this, request, listener);
        calls.add(call);
        if (closed) { // closed while we were creating: do not leak it
            call.close();
            throw new MediaException("media engine is closed");
        }
        return call;
    }

    MediaConfig config() {
        return config;
    }

    DtlsIdentity identity() {
        return identity;
    }

    RoomPort roomPortObject() {
        return roomPort;
    }

    PortPairPool ports() {
        return ports;
    }

    List<String> roomAddresses() {
        return roomAddresses;
    }

    private volatile int placeOn = -1;

    /** Tests: new calls start on this loop (by index) instead of the least busy one. */
    void placeCallsOn(int loopIndex) {
        placeOn = loopIndex;
    }

    IoLoop loop(int index) {
        return loops.get(index);
    }

    /** The I/O thread with the fewest calls. */
    IoLoop pickLoop() {
        if (placeOn >= 0) {
            return loops.get(placeOn);
        }
        IoLoop best = loops.get(0);
        for (IoLoop l : loops) {
            if (l.callCount() < best.callCount()) {
                best = l;
            }
        }
        return best;
    }

    /** A call's media is closed (its relay no longer counts): its final counters join the ended calls' totals. */
    void released(DefaultCallMedia call) {
        CallMediaStats last = call.stats();
        synchronized (ended) { // with the removal, so totals() sees the call either live or ended, never both
            if (calls.remove(call)) {
                ended.add(last);
            }
        }
    }

    @Override
    public MediaTotals totals() {
        MediaTotals t;
        List<DefaultCallMedia> live;
        synchronized (ended) {
            t = ended.copy();
            live = List.copyOf(calls);
        }
        for (DefaultCallMedia c : live) {
            t.add(c.stats());
        }
        return t;
    }

    @Override
    public int activeCalls() {
        return calls.size();
    }

    @Override
    public int roomPort() {
        return roomPort.port();
    }

    @Override
    public io.dialout.media.relay.RelayDelays.Snapshot relayDelays() {
        io.dialout.media.relay.RelayDelays.Snapshot s = new io.dialout.media.relay.RelayDelays.Snapshot();
        for (IoLoop l : loops) {
            l.buffers().delays.addTo(s);
        }
        return s;
    }

    /** Free SIP-side port pairs (for tests and metrics). */
    public int freeSipPortPairs() {
        return ports == null ? 0 : ports.available();
    }

    @Override
    public void close() {
        closed = true;
        for (DefaultCallMedia c : List.copyOf(calls)) {
            c.close();
        }
        for (IoLoop l : loops) {
            l.close();
        }
        if (roomPort != null) {
            roomPort.close();
        }
    }
}
