package io.dialout.gateway.sip;

import gov.nist.javax.sip.TransactionExt;
import io.dialout.gateway.sip.InviteTransitions.Event;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.function.Predicate;
import javax.sip.ClientTransaction;

/**
 * Detects an ICMP port unreachable from a UDP next hop. JAIN-SIP sends from an unconnected socket, so ICMP errors
 * never reach it and an INVITE to a closed port only fails at timer B (32 s). A connected socket does get the error:
 * we send it one CRLFCRLF keep-alive (RFC 5626 section 3.5.1; SIP peers ignore CRLFs outside messages, RFC 3261
 * section 7.5) and wait a little for the refusal. (An empty datagram draws no ICMP error here.)
 *
 * <p>One instance probes the INVITEs of one call: up to {@value #MAX_PROBES} probes per INVITE while it has no
 * response, reported to the INVITE's state machine as {@link Event#PROBE_DUE}, {@link Event#PROBE_SILENT} and
 * {@link Event#UNREACHABLE}.
 */
final class IcmpProbe {

    private static final byte[] KEEP_ALIVE = {'\r', '\n', '\r', '\n'};
    private static final int MAX_PROBES = 3;

    private final CallScope call;
    private final CallScope.Timer timer;
    private final Predicate<ClientTransaction> current;
    private final EventSink events;
    private int attempt;

    /** Where the probe reports; runs on the call's executor. */
    @FunctionalInterface
    interface EventSink {
        void fire(Event e, javax.sip.message.Response response, String detail);
    }

    /** {@code current} tells whether a transaction is still the call's INVITE (a Digest retry replaces it). */
    IcmpProbe(CallScope call, CallScope.Timer timer, Predicate<ClientTransaction> current, EventSink events) {
        this.call = call;
        this.timer = timer;
        this.current = current;
        this.events = events;
    }

    /** A new INVITE went out over UDP: its first probe is due after the configured delay. */
    void start(ClientTransaction tx) {
        attempt = 0;
        schedule(tx);
    }

    void schedule(ClientTransaction tx) {
        timer.schedule(call.ctx.config().timers().icmpProbe(), () -> {
            if (current.test(tx)) {
                events.fire(Event.PROBE_DUE, null, null);
            }
        });
    }

    /** Probes the INVITE's next hop on the pool; the result comes back on the call's executor. */
    void run(ClientTransaction tx) {
        if (!(tx instanceof TransactionExt ext)) {
            return;
        }
        InetSocketAddress peer = new InetSocketAddress(ext.getPeerAddress(), ext.getPeerPort());
        Duration wait = call.ctx.config().timers().t1();
        attempt++;
        call.runOnPool(() -> {
            boolean unreachable = portUnreachable(peer, wait);
            call.executor.execute(() -> {
                if (!current.test(tx)) {
                    return;
                }
                if (unreachable) {
                    events.fire(Event.UNREACHABLE, null, "ICMP port unreachable from " + peer);
                } else if (attempt < MAX_PROBES) {
                    events.fire(Event.PROBE_SILENT, null, null);
                }
            });
        });
    }

    /** True when the peer answered with ICMP port unreachable within {@code wait}; blocks up to {@code wait}. */
    static boolean portUnreachable(InetSocketAddress peer, Duration wait) {
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(peer);
            s.send(new DatagramPacket(KEEP_ALIVE, KEEP_ALIVE.length));
            s.setSoTimeout((int) Math.max(1, wait.toMillis()));
            s.receive(new DatagramPacket(new byte[1], 1));
            return false;
        } catch (PortUnreachableException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
