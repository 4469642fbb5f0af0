package io.dialout.demo.sip;

import gov.nist.javax.sip.EventScanner;
import gov.nist.javax.sip.EventWrapper;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import io.dialout.jainsip.log.JainSipServerLogger;
import io.dialout.jainsip.log.JainSipStackLogger;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.EventObject;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.ListeningPoint;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;

/**
 * The demo's own JAIN-SIP stack on UDP and TCP, one port. Built directly rather than through the
 * {@code SipFactory} singleton, whose registry of stacks by name is shared with the gateway's user agent in the same
 * JVM; the stack name is unique anyway, so the two never meet.
 */
public final class DemoSipStack implements AutoCloseable {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final SipStack stack;
    private final SipProvider provider;
    private final int port;
    private final String address;
    private final MessageFactory messages = new MessageFactoryImpl();
    private final HeaderFactory headers = new HeaderFactoryImpl();
    private final AddressFactory addresses = new AddressFactoryImpl();

    private DemoSipStack(SipStack stack, SipProvider provider, int port, String address) {
        this.stack = stack;
        this.provider = provider;
        this.port = port;
        this.address = address;
    }

    /** Binds UDP and TCP on {@code port} (0: a port free on both). */
    public static DemoSipStack open(String address, int port) throws IOException {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "dialout-demo-" + INSTANCES.incrementAndGet());
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", JainSipStackLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", JainSipServerLogger.class.getName());
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "on");
        // A bounded pool instead of a thread per incoming message.
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "2");
        p.setProperty("gov.nist.javax.sip.TCP_POST_PARSING_THREAD_POOL_SIZE", "0");
        SipStack stack = null;
        try {
            stack = new SipStackImpl(p);
            int chosen = port != 0 ? port : freeUdpAndTcpPort(address);
            ListeningPoint udp = stack.createListeningPoint(address, chosen, ListeningPoint.UDP);
            ListeningPoint tcp = stack.createListeningPoint(address, chosen, ListeningPoint.TCP);
            SipProvider provider = stack.createSipProvider(udp);
            provider.addListeningPoint(tcp);
            stack.start();
            return new DemoSipStack(stack, provider, chosen, address);
        } catch (javax.sip.SipException | javax.sip.InvalidArgumentException | RuntimeException e) {
            if (stack != null) {
                stack.stop();
            }
            throw new IOException("cannot start the demo SIP stack on " + address + ":" + port + ": " + e, e);
        }
    }

    /** A port free on UDP and TCP at the moment (JAIN-SIP needs a concrete port for its Via and Contact). */
    private static int freeUdpAndTcpPort(String address) throws IOException {
        InetAddress a = InetAddress.getByName(address);
        for (int i = 0; i < 100; i++) {
            try (DatagramSocket u = new DatagramSocket(new InetSocketAddress(a, 0))) {
                int p = u.getLocalPort();
                try (ServerSocket t = new ServerSocket(p, 1, a)) {
                    return t.getLocalPort();
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no port free on both UDP and TCP at " + address);
    }

    public int port() {
        return port;
    }

    public String address() {
        return address;
    }

    public SipProvider provider() {
        return provider;
    }

    public MessageFactory messages() {
        return messages;
    }

    public HeaderFactory headers() {
        return headers;
    }

    public AddressFactory addresses() {
        return addresses;
    }

    /**
     * Stops the stack. JAIN-SIP's {@code stop()} only flags its event-delivery thread ("EventScannerThread"), which
     * stays blocked on its empty queue for ever; one harmless event after the stop lets it see the flag and end.
     */
    @Override
    public void close() {
        EventScanner scanner = ((SipStackImpl) stack).getEventScanner();
        stopWithoutPause(stack);
        if (scanner != null) {
            scanner.addEvent(new EventWrapper(new EventObject(provider), null));
        }
    }

    /**
     * {@code stack.stop()} without the fixed one-second pause of JAIN-SIP's {@code SIPTransactionStack.stopStack()}:
     * after closing the sockets and its timer it sleeps a second "to let the processing complete" before clearing its
     * tables, and ends that sleep early on an interrupt. The endpoint is closed when it is done with (its calls
     * answered or gone), and nothing can arrive once the sockets are closed, so the stopping thread interrupts itself:
     * nothing before the pause waits interruptibly (socket, selector and timer closes), the pause's
     * InterruptedException clears the status, and the caller's own status is restored afterwards.
     */
    private static void stopWithoutPause(SipStack stack) {
        boolean wasInterrupted = Thread.interrupted();
        Thread.currentThread().interrupt();
        try {
            stack.stop();
        } finally {
            Thread.interrupted(); // in case the pause was not reached (an exception before it)
            if (wasInterrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
