package io.dialout.media.engine;

import io.dialout.media.relay.CallRelay;
import io.dialout.media.relay.IoBuffers;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One packet I/O thread: a selector over the SIP-side sockets of the calls it owns, one socket of the room port
 * (when the port is driven by the loops), the packets queued for its calls by other threads, and their 20 ms tick. A
 * call is owned by one loop for its whole life, so its relay is touched by this thread only; other threads talk to
 * it by {@link #execute} (control: configure, DTMF, close) and by the call's packet ring plus
 * {@link #roomPacketsQueued} (room packets).
 * <p>
 * Room packets: the SIP-bound stream of a call has state that the tick also writes (transcoded frames, DTMF we
 * originate, the outgoing sequence numbers and SRTP context), and {@code RoomEndpoint.sendRtp} must be called from a
 * single thread, so every piece of per-call state, both directions, has exactly one owner: this loop. A room packet
 * read by this loop for a call it owns is relayed at once (read, SRTP, relay and send on one thread, no copy, no
 * wake-up); one read by another thread (another loop's room socket, Linux having hashed the browser's address
 * there, or a reader thread of the port) is copied into the call's ring and this loop woken.
 */
public final class IoLoop implements Runnable, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(IoLoop.class.getName());
    static final long TICK_NANOS = 20_000_000L;

    private final Selector selector;
    private final Thread thread;
    private final IoBuffers buffers = new IoBuffers();
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Calls with room packets queued: a wake-up drains these only, not every call the loop owns. */
    private final Queue<CallRelay> readyRelays = new ConcurrentLinkedQueue<>();

    private final List<CallRelay> relays = new ArrayList<>(); // loop thread only
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile boolean running = true;
    private volatile int callCount;
    private long nextTick;
    private long wakeups;

    private static final ThreadLocal<IoLoop> CURRENT = new ThreadLocal<>();

    /** The loop running on the calling thread, or null. */
    static IoLoop current() {
        return CURRENT.get();
    }

    public IoLoop(String name) throws IOException {
        this.selector = Selector.open();
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
        // Above everything else in the process but the JVM's own: with -XX:ThreadPriorityPolicy=1 (the image's flags)
        // a JVM running as root gives its JIT compiler and GC threads nice -4, and a compilation burst would take
        // the core from the media (docs/benchmarks.md, "Calls per core"). Without the privilege the thread keeps
        // nice 0 and the image lowers the compiler threads instead (-XX:CompilerThreadPriority).
        this.thread.setPriority(Thread.MAX_PRIORITY);
    }

    public void start() {
        thread.start();
    }

    public IoBuffers buffers() {
        return buffers;
    }

    public int callCount() {
        return callCount;
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs a control task on this loop's thread (never on the packet path). */
    public void execute(Runnable task) {
        tasks.add(task);
        signal();
    }

    /**
     * Tells the loop that a call has queued room packets. The flag pair is a Dekker handshake: the producer sets
     * {@code pending} then reads {@code sleeping}, the loop sets {@code sleeping} then reads {@code pending}, so one
     * of them always sees the other and a packet never waits for the next tick.
     */
    public void signal() {
        pending.set(true);
        if (sleeping.get()) {
            selector.wakeup();
        }
    }

    /**
     * Tells the loop that {@code relay} has room packets in its ring (called by the room port's reader after each
     * packet it queued). The relay is queued once until the loop drains it, so a busy call costs one queue entry per
     * wake-up, and the loop's work per wake-up follows the calls that have packets, not the number of calls.
     */
    public void roomPacketsQueued(CallRelay relay) {
        if (relay.markQueued()) {
            readyRelays.add(relay);
        }
        signal();
    }

    /** The loop's thread id (for per-thread CPU accounting in benchmarks). */
    public long threadId() {
        return thread.getId();
    }

    /** Registers a relay from any thread; completes once the loop owns it. */
    public java.util.concurrent.CompletableFuture<Void> register(CallRelay relay) {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        execute(() -> {
            try {
                add(relay);
                done.complete(null);
            } catch (ClosedChannelException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Unregisters and closes a relay from any thread; completes once it is closed. */
    public java.util.concurrent.CompletableFuture<Void> unregister(CallRelay relay) {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        execute(() -> {
            remove(relay);
            done.complete(null);
        });
        return done;
    }

    /** Registers a call's SIP sockets; runs on the loop. */
    void add(CallRelay relay) throws ClosedChannelException {
        if (relay.sipLeg().ports().rtp().keyFor(selector) != null) { // coming back: flush its cancelled keys first
            try {
                selector.selectNow(k -> {});
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        relay.sipLeg().ports().rtp().register(selector, SelectionKey.OP_READ, new Readable(relay, AUDIO_RTP));
        relay.sipLeg().ports().rtcp().register(selector, SelectionKey.OP_READ, new Readable(relay, AUDIO_RTCP));
        if (relay.sipVideoLeg() != null) {
            relay.sipVideoLeg().ports().rtp().register(selector, SelectionKey.OP_READ, new Readable(relay, VIDEO_RTP));
            relay.sipVideoLeg()
                    .ports()
                    .rtcp()
                    .register(selector, SelectionKey.OP_READ, new Readable(relay, VIDEO_RTCP));
        }
        relays.add(relay);
        callCount = relays.size();
    }

    /**
     * Gives up a call's relay without closing it (it moves to another loop); runs on this loop. Its SIP sockets
     * leave this selector (a channel may be registered with the next loop's selector at once).
     */
    void detach(CallRelay relay) {
        relays.remove(relay);
        callCount = relays.size();
        cancelKeys(relay.sipLeg());
        if (relay.sipVideoLeg() != null) {
            cancelKeys(relay.sipVideoLeg());
        }
    }

    /** Unregisters and closes a call's relay; runs on the loop. */
    void remove(CallRelay relay) {
        // Deregister first, then close: a channel closed while still registered keeps its socket until a select
        // flushes the cancelled key, and the port pair would be back in the pool while still bound.
        detach(relay);
        try {
            selector.selectNow(k -> {}); // what was ready now is reported again by the next select (level triggered)
        } catch (IOException e) {
            LOG.log(
                    Level.DEBUG,
                    () -> String.format(
                            "I/O loop %s: select after a close failed: %s", thread.getName(), e.toString()));
        }
        relay.close(); // the sockets close now, then the pair goes back to the pool
    }

    private void cancelKeys(io.dialout.media.sipleg.SipLeg leg) {
        for (var ch : new java.nio.channels.DatagramChannel[] {
            leg.ports().rtp(), leg.ports().rtcp()
        }) {
            SelectionKey k = ch.keyFor(selector);
            if (k != null) {
                k.cancel();
            }
        }
    }

    private static final int AUDIO_RTP = 0;
    private static final int AUDIO_RTCP = 1;
    private static final int VIDEO_RTP = 2;
    private static final int VIDEO_RTCP = 3;

    private record Readable(CallRelay relay, int socket) {}

    /** Datagrams read from the room socket per wake-up before the SIP sockets and the tick get a turn. */
    private static final int ROOM_READS_PER_WAKEUP = 512;

    /**
     * Makes this loop the reader of one socket of a loop-driven room port (call before {@link #start}, or from
     * the loop). The port's handlers then run on this thread.
     */
    public void readRoomSocket(io.dialout.media.webrtc.RoomPort.SocketReader reader) throws IOException {
        reader.channel().register(selector, SelectionKey.OP_READ, reader);
    }

    @Override
    public void run() {
        CURRENT.set(this);
        nextTick = System.nanoTime() + TICK_NANOS;
        while (running) {
            try {
                once();
            } catch (RuntimeException | IOException e) {
                LOG.log(Level.ERROR, () -> String.format("I/O loop %s: %s", thread.getName(), e.toString()), e);
            }
        }
        for (CallRelay r : relays) {
            r.close();
        }
        relays.clear();
        callCount = 0;
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing left to do at shutdown
        }
    }

    /**
     * Handles one ready socket, called by the selector for each key it finds ready: no selected-key set (whose
     * HashSet insert allocates per ready key), and a key not handled is simply reported again (epoll is level
     * triggered).
     */
    private final java.util.function.Consumer<SelectionKey> onReady = this::ready;

    private long readyNow; // the wake-up's time, taken at the first ready key
    private int readyKeys; // SIP sockets found ready by this wake-up's select
    /**
     * The previous wake-up found many SIP sockets ready: read one datagram per ready socket (one receive instead of
     * a receive plus one that finds the socket empty; a socket with more queued is reported again). A quiet loop
     * drains each socket, since an extra select per datagram would cost more there.
     */
    private boolean busy;

    private static final int BUSY_READY_KEYS =
            Integer.getInteger("dialout.media.busyReadyKeys", 16); // experiment knob, see docs/benchmarks.md
    private static final int SIP_READS_PER_WAKEUP = 256;

    private void ready(SelectionKey key) {
        if (readyNow == 0) {
            readyNow = System.nanoTime();
        }
        long now = readyNow;
        if (key.attachment() instanceof io.dialout.media.webrtc.RoomPort.SocketReader room) {
            if (key.isValid()) {
                room.readReady(ROOM_READS_PER_WAKEUP);
            }
            return;
        }
        Readable r = (Readable) key.attachment();
        if (!key.isValid() || r.relay.isClosed()) {
            return;
        }
        try {
            readyKeys++;
            r.relay.sipReadable(r.socket, now, busy ? 1 : SIP_READS_PER_WAKEUP);
        } catch (IOException | RuntimeException e) { // one call's trouble must not stop the others
            LOG.log(
                    Level.WARNING,
                    () -> String.format("I/O loop %s: call %s: %s", thread.getName(), r.relay.tag(), e.toString()));
        }
    }

    private void once() throws IOException {
        long now = System.nanoTime();
        boolean idle = relays.isEmpty(); // no call: no tick either, sleep until a task arrives
        long waitMs = idle ? 0 : (nextTick - now) / 1_000_000L;
        readyNow = 0;
        readyKeys = 0;
        if (idle || waitMs >= 1) {
            sleeping.set(true);
            if (pending.get() || !tasks.isEmpty()) {
                selector.selectNow(onReady);
            } else {
                selector.select(onReady, waitMs);
            }
            sleeping.set(false);
        } else {
            selector.selectNow(onReady);
        }
        if (idle) {
            nextTick = System.nanoTime() + TICK_NANOS;
        }
        wakeups++;
        busy = readyKeys >= BUSY_READY_KEYS;
        now = System.nanoTime();
        Runnable t;
        while ((t = tasks.poll()) != null) {
            try {
                t.run();
            } catch (RuntimeException e) {
                LOG.log(
                        Level.WARNING,
                        () -> String.format("I/O loop %s: task failed: %s", thread.getName(), e.toString()),
                        e);
            }
        }
        if (pending.getAndSet(false) || !readyRelays.isEmpty()) {
            // At most one pass over the calls queued now: a call whose packets keep coming is queued again (its
            // flag is cleared before its ring is drained) and waits for the next wake-up, behind the SIP sockets.
            for (int n = relays.size() + 1; n > 0; n--) { // each call is queued at most once
                CallRelay r = readyRelays.poll();
                if (r == null) {
                    break;
                }
                r.clearQueued();
                if (r.owner() != this && r.owner() instanceof IoLoop other) { // the call moved: its new loop drains
                    other.roomPacketsQueued(r);
                    continue;
                }
                try {
                    if (!r.isClosed()) {
                        r.drainRoom(now);
                    }
                } catch (RuntimeException e) {
                    LOG.log(
                            Level.WARNING,
                            () -> String.format("I/O loop %s: call %s: %s", thread.getName(), r.tag(), e.toString()),
                            e);
                }
            }
            if (!readyRelays.isEmpty()) {
                pending.set(true); // not sleeping until they are drained
            }
        }
        if (now - nextTick >= 0) {
            for (int i = 0; i < relays.size(); i++) {
                CallRelay r = relays.get(i);
                try {
                    r.drainRoom(now); // anything queued goes before the frame this tick produces
                    r.tick(now);
                } catch (RuntimeException e) { // one call's trouble must not stop the others
                    LOG.log(
                            Level.WARNING,
                            () -> String.format("I/O loop %s: call %s: %s", thread.getName(), r.tag(), e.toString()),
                            e);
                }
            }
            nextTick += TICK_NANOS;
            if (now - nextTick > 5 * TICK_NANOS) { // we fell far behind (GC, overload): don't burst to catch up
                nextTick = now + TICK_NANOS;
            }
        }
    }

    public long wakeups() {
        return wakeups;
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        if (!inLoop()) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
