package io.dialout.gateway.sip.ingress;

import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.jboss.logging.Logger;

/**
 * JAIN-SIP's socket factory with a gate on inbound TCP (issue 14 item 1): the stack's TCP transport runs two threads
 * per accepted connection and never closes an idle one, so 2,000 idle connections held 4,026 threads. Each accepted
 * connection is admitted here first:
 *
 * <ul>
 *   <li>at most {@code maxTcpConnections} open at once, and {@code maxTcpConnectionsPerSource} from one untrusted
 *       address; a connection past either is closed at once (with a reset, so it holds no socket in TIME_WAIT) and
 *       never reaches the stack, so threads stay at most twice the limit;
 *   <li>an admitted connection gets a read timeout of {@code tcpIdleTimeout} (SO_TIMEOUT): the stack's reader then
 *       fails after that long without a byte and closes the connection.
 * </ul>
 *
 * (The stack's own {@code MAX_CONNECTIONS} is not used: it makes the accept loop wait, leaving connections past the
 * limit queued rather than closed, and its count also drops when outbound connections close.) Everything else, TLS
 * and outbound sockets included, is the wrapped network layer's.
 */
public final class TcpAdmission implements NetworkLayer {

    private static final Logger LOG = Logger.getLogger(TcpAdmission.class);

    private final NetworkLayer delegate;
    private final SipIngressConfig config;
    private final TrustedSources trusted;
    private final SipIngressCounters counters;
    private final RateLimitedLog log;

    public TcpAdmission(
            NetworkLayer delegate, SipIngressConfig config, TrustedSources trusted, SipIngressCounters counters) {
        this.delegate = delegate;
        this.config = config;
        this.trusted = trusted;
        this.counters = counters;
        this.log = new RateLimitedLog(LOG, config.malformedLogInterval());
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return new Gate(port, backlog, bindAddress);
    }

    /** The listening socket whose accept() returns admitted connections only. */
    private final class Gate extends ServerSocket {

        private final List<Socket> open = new ArrayList<>();

        Gate(int port, int backlog, InetAddress bindAddress) throws IOException {
            super(port, backlog, bindAddress);
            counters.tcpOpen = this::openNow;
        }

        private synchronized int openNow() {
            open.removeIf(Socket::isClosed);
            return open.size();
        }

        @Override
        public Socket accept() throws IOException {
            while (true) {
                Socket s = super.accept();
                String refused = admit(s);
                if (refused == null) {
                    s.setSoTimeout((int)
                            Math.min(Integer.MAX_VALUE, config.tcpIdleTimeout().toMillis()));
                    return s;
                }
                InetAddress from = s.getInetAddress();
                log.warn(() -> "SIP TCP connection from " + from.getHostAddress() + " closed at accept: " + refused);
                try {
                    s.setSoLinger(true, 0);
                } finally {
                    s.close();
                }
            }
        }

        /** Null when {@code s} may stay open, else why not. */
        private synchronized String admit(Socket s) {
            open.removeIf(Socket::isClosed);
            if (open.size() >= config.maxTcpConnections()) {
                counters.tcpRefusedLimit.incrementAndGet();
                return config.maxTcpConnections() + " connections open (max-tcp-connections)";
            }
            InetAddress from = s.getInetAddress();
            if (!trusted.contains(from)) {
                long fromSource = open.stream()
                        .filter(o -> from.equals(o.getInetAddress()))
                        .count();
                if (fromSource >= config.maxTcpConnectionsPerSource()) {
                    counters.tcpRefusedPerSource.incrementAndGet();
                    return fromSource + " connections open from that address (max-tcp-connections-per-source)";
                }
            }
            open.add(s);
            return null;
        }

        @Override
        public void close() throws IOException {
            super.close();
            synchronized (this) {
                open.clear();
            }
        }
    }

    @Override
    public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return delegate.createSSLServerSocket(port, backlog, bindAddress);
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return delegate.createSocket(address, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress) throws IOException {
        return delegate.createSocket(address, port, localAddress);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress myAddress, int myPort) throws IOException {
        return delegate.createSocket(address, port, myAddress, myPort);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
        return delegate.createSSLSocket(address, port);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress localAddress) throws IOException {
        return delegate.createSSLSocket(address, port, localAddress);
    }

    @Override
    public DatagramSocket createDatagramSocket() throws SocketException {
        return delegate.createDatagramSocket();
    }

    @Override
    public DatagramSocket createDatagramSocket(int port, InetAddress laddr) throws SocketException {
        return delegate.createDatagramSocket(port, laddr);
    }

    @Override
    public void setSipStack(SipStackImpl sipStackImpl) {
        delegate.setSipStack(sipStackImpl);
    }
}
