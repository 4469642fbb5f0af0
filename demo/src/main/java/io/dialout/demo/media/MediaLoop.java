package io.dialout.demo.media;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One selector thread that reads every RTP and RTCP socket of the demo endpoint: no thread per call. Each socket
 * has a {@link Receiver} called on this thread with the datagram in a buffer that is reused after it returns.
 */
public final class MediaLoop implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MediaLoop.class.getName());

    /** Handles one datagram; runs on the selector thread and must not block. */
    @FunctionalInterface
    public interface Receiver {
        void receive(DatagramChannel channel, byte[] buf, int len, SocketAddress from);
    }

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(2048);
    private volatile boolean running = true;

    public MediaLoop(String threadName) throws IOException {
        this.selector = Selector.open();
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Registers a bound non-blocking channel; safe from any thread. */
    public void register(DatagramChannel channel, Receiver receiver) {
        pending.add(() -> {
            try {
                channel.register(selector, SelectionKey.OP_READ, receiver);
            } catch (java.nio.channels.ClosedChannelException | java.nio.channels.CancelledKeyException gone) {
                // the stream was closed before the selector got to it
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot watch " + channel, e);
            }
        });
        selector.wakeup();
    }

    /**
     * Closes a channel registered here and wakes the selector, so the key is deregistered and the OS releases the
     * port now rather than at the next datagram on some other socket.
     */
    public void close(DatagramChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
        selector.wakeup();
    }

    private void run() {
        try {
            while (running) {
                selector.select();
                Runnable r;
                while ((r = pending.poll()) != null) {
                    r.run();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isValid() && key.isReadable()) {
                        drain((DatagramChannel) key.channel(), (Receiver) key.attachment());
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | ClosedSelectorException e) {
            if (running) {
                LOG.log(System.Logger.Level.ERROR, "media loop stopped", e);
            }
        }
    }

    /** Reads every datagram that is ready: one wake-up serves a burst. */
    private void drain(DatagramChannel channel, Receiver receiver) {
        for (int i = 0; i < 64; i++) {
            buffer.clear();
            SocketAddress from;
            try {
                from = channel.receive(buffer);
            } catch (IOException e) {
                return; // e.g. ICMP port unreachable surfaced on a connected channel; the next datagram may be fine
            }
            if (from == null) {
                return;
            }
            try {
                receiver.receive(channel, buffer.array(), buffer.position(), from);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "dropping a datagram that failed to handle", e);
            }
        }
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // closing
        }
    }
}
