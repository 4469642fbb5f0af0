package io.dialout.loadgen;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The generator's packet I/O: one selector thread reads every room's socket (draining each ready socket per wake-up),
 * one ticker sends every room's 20 ms of media, each room at its own phase (the ticker runs every millisecond). Two
 * threads whatever the number of rooms.
 */
final class RoomIo implements AutoCloseable {
    private final Selector selector;
    private final Thread reader;
    private final ScheduledExecutorService ticker;
    private final Queue<SyntheticRoom> pending = new ConcurrentLinkedQueue<>();
    private final Set<SyntheticRoom> rooms = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    RoomIo() throws IOException {
        selector = Selector.open();
        reader = new Thread(this::readLoop, "loadgen-io");
        reader.setDaemon(true);
        reader.start();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "loadgen-ticker");
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY);
            return t;
        });
        ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.MILLISECONDS);
    }

    void add(SyntheticRoom room) {
        rooms.add(room);
        pending.add(room);
        selector.wakeup();
    }

    void remove(SyntheticRoom room) {
        rooms.remove(room);
        room.close();
    }

    /** A room that throws must not stop the ticker: scheduleAtFixedRate cancels itself on any exception. */
    private void tick() {
        long now = System.nanoTime();
        for (SyntheticRoom r : rooms) {
            try {
                r.tick(now);
            } catch (RuntimeException e) {
                r.results.error("tick:" + e);
            }
        }
    }

    private void readLoop() {
        ByteBuffer bb = ByteBuffer.allocate(2048);
        byte[] b = bb.array();
        while (running) {
            try {
                selector.select(100);
                for (SyntheticRoom r; (r = pending.poll()) != null; ) {
                    try {
                        r.channel.register(selector, SelectionKey.OP_READ, r);
                    } catch (ClosedChannelException closed) {
                        // the call ended before it was registered
                    }
                }
                for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey k = it.next();
                    it.remove();
                    SyntheticRoom r = (SyntheticRoom) k.attachment();
                    DatagramChannel ch = (DatagramChannel) k.channel();
                    try {
                        for (int i = 0; i < 64; i++) {
                            bb.clear();
                            SocketAddress from = ch.receive(bb);
                            if (from == null) {
                                break;
                            }
                            r.onDatagram(b, bb.position(), System.nanoTime(), from);
                        }
                    } catch (IOException closed) {
                        k.cancel();
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        ticker.shutdownNow();
        selector.wakeup();
        try {
            reader.join(2000);
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // closing
        }
        rooms.forEach(SyntheticRoom::close);
    }
}
