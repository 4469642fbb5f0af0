package io.dialout.gateway.sip;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The user agent's port (one for UDP and TCP) and the daemon threads of its pools. */
final class UserAgentResources {

    private UserAgentResources() {}

    /** A port free for both UDP and TCP on {@code bind}, since both listening points share it. */
    static int freePort(String bind) throws IOException {
        InetAddress address = InetAddress.getByName(bind);
        for (int i = 0; i < 50; i++) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, 0))) {
                int port = udp.getLocalPort();
                try (ServerSocket tcp = new ServerSocket(port, 1, address)) {
                    return tcp.getLocalPort();
                } catch (IOException busy) {
                    // TCP side taken: try another
                }
            }
        }
        throw new IOException("no port free for both UDP and TCP on " + bind);
    }

    /**
     * Waits, up to {@code max}, until the stack's UDP processors have started their threads: a processor stopped
     * before its thread ran (a user agent closed right after it was created) throws a NullPointerException in
     * {@code stop()}, since its channel list is only created by that thread. No event tells when it ran, so its
     * field is polled.
     */
    static void awaitUdpProcessorsRunning(gov.nist.javax.sip.SipStackImpl stack, java.time.Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        for (java.util.Iterator<?> it = stack.getListeningPoints(); it.hasNext(); ) {
            if (!(it.next() instanceof gov.nist.javax.sip.ListeningPointImpl lp)
                    || !(lp.getMessageProcessor() instanceof gov.nist.javax.sip.stack.UDPMessageProcessor udp)) {
                continue;
            }
            try {
                java.lang.reflect.Field channels =
                        gov.nist.javax.sip.stack.UDPMessageProcessor.class.getDeclaredField("messageChannels");
                channels.setAccessible(true);
                while (channels.get(udp) == null && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                return; // another stack version: nothing to wait for
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Stops the stack without the fixed one-second pause of JAIN-SIP's {@code SIPTransactionStack.stopStack()}: it
     * closes the sockets and its timer, then sleeps a second "to let the processing complete" before clearing its
     * tables, and ends that sleep early on an interrupt. {@link JainSipUserAgent#close()} stops the stack only after
     * every call has ended (or been forced to) and the call pool has terminated, so no processing of ours is left for
     * the pause to wait for. The stopping thread therefore interrupts itself: nothing before the pause waits
     * interruptibly (socket, selector and timer closes), and the pause's InterruptedException clears the status, which
     * is then restored to what it was. Without this a user agent takes a second to close (every test, every restart).
     */
    static void stopWithoutPause(gov.nist.javax.sip.SipStackImpl stack) {
        boolean wasInterrupted = Thread.interrupted();
        Thread.currentThread().interrupt();
        try {
            stack.stop();
        } finally {
            Thread.interrupted(); // in case the stack's pause was not reached (an exception before it)
            if (wasInterrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
