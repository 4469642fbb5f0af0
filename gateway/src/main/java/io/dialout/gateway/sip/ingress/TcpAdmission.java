package io.dialout.gateway.sip.ingress;

import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import java.io.IOException;
import java.io.InputStream;
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
 * JAIN-SIP's socket factory with a gate on inbound TCP and TLS (issue 14 item 1): the stack's TCP and TLS transports
 * run two threads per accepted connection and never close an idle one, so 2,000 idle connections held 4,026 threads.
 * Each accepted connection, over TCP or TLS, is admitted here first, against one count for both:
 *
 * <ul>
 *   <li>at most {@code maxTcpConnections} open at once, and {@code maxTcpConnectionsPerSource} from one untrusted
 *       address; a connection past either is closed at once (with a reset, so it holds no socket in TIME_WAIT) and
 *       never reaches the stack, so threads stay at most twice the limit;
 *   <li>an admitted connection gets a read timeout of {@code tcpIdleTimeout} (SO_TIMEOUT): the stack's reader then
 *       fails after that long without a byte and closes the connection;
 *   <li>its input (for TLS, the decrypted one) is a {@link MessageDeadlineStream}: a message must be complete within
 *       {@code readTimeout} of its first byte, or the connection is reset (slowloris).
 * </ul>
 *
 * (The stack's own {@code MAX_CONNECTIONS} is not used: it makes the accept loop wait, leaving connections past the
 * limit queued rather than closed, and its count also drops when outbound connections close.)
 *
 * <p>Outbound TCP and TLS connections (to the callees and trunks the dial policy chose) are not counted or admitted,
 * and keep no idle timeout (a trunk's connection may stay quiet through a long call, and closing it could leave the
 * callee's BYE with no way back), but their input gets the same per-message deadline: a callee that trickles a
 * response a byte at a time would otherwise hold the stack's reader thread and the connection for as long as it liked.
 * Everything else (the TLS settings of the sockets) is the wrapped network layer's.
 */
public final class TcpAdmission implements NetworkLayer {

    private static final Logger LOG = Logger.getLogger(TcpAdmission.class);

    private final NetworkLayer delegate;
    private final SipIngressConfig config;
    private final TrustedSources trusted;
    private final SipIngressCounters counters;
    private final RateLimitedLog log;
    private final RateLimitedLog cutLog;
    /** The inbound TCP and TLS connections admitted and not yet seen closed, over all listening points. */
    private final List<Socket> open = new ArrayList<>();

    public TcpAdmission(
            NetworkLayer delegate, SipIngressConfig config, TrustedSources trusted, SipIngressCounters counters) {
        this.delegate = delegate;
        this.config = config;
        this.trusted = trusted;
        this.counters = counters;
        this.log = new RateLimitedLog(LOG, config.malformedLogInterval());
        this.cutLog = new RateLimitedLog(LOG, config.malformedLogInterval());
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return new Gate(port, backlog, bindAddress);
    }

    /** The listening socket whose accept() returns admitted connections only. */
    private final class Gate extends ServerSocket {

        Gate(int port, int backlog, InetAddress bindAddress) throws IOException {
            super(port, backlog, bindAddress);
            counters.tcpOpen = TcpAdmission.this::openNow;
        }

        @Override
        public Socket accept() throws IOException {
            while (true) {
                Socket s = new AdmittedSocket(config.tcpIdleTimeout().toMillis());
                implAccept(s);
                if (admitted(s, "TCP")) {
                    return s;
                }
            }
        }
    }

    /** A TCP connection (accepted, or opened by the stack) whose input has a deadline per message. */
    private final class AdmittedSocket extends Socket {

        private final long idleMillis;
        private InputStream in;

        AdmittedSocket(long idleMillis) {
            this.idleMillis = idleMillis;
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = deadlined(super.getInputStream(), this, idleMillis);
            }
            return in;
        }
    }

    /** An inbound connection's input: the per-message deadline, the idle timeout between messages. */
    private InputStream deadlined(InputStream in, Socket socket) {
        return deadlined(in, socket, config.tcpIdleTimeout().toMillis());
    }

    /** An outbound connection's input: the per-message deadline, no idle timeout. */
    private InputStream deadlinedOutbound(InputStream in, Socket socket) {
        return deadlined(in, socket, 0);
    }

    private InputStream deadlined(InputStream in, Socket socket, long idleMillis) {
        return new MessageDeadlineStream(
                in, socket, config.readTimeout().toMillis(), idleMillis, (s, bytes, millis) -> {
                    counters.tcpCutSlow.incrementAndGet();
                    InetAddress peer = s.getInetAddress();
                    cutLog.warn(() -> "SIP connection with " + (peer == null ? "?" : peer.getHostAddress()) + ":"
                            + s.getPort() + " reset: a message not complete " + millis + " ms after its first byte ("
                            + bytes + " bytes so far, tcp-read-timeout "
                            + config.readTimeout().toMillis() + " ms)");
                });
    }

    private synchronized int openNow() {
        open.removeIf(Socket::isClosed);
        return open.size();
    }

    /**
     * Admits {@code s} (and sets its idle timeout) or closes it with a reset; true when admitted. A TLS connection is
     * admitted before its handshake, so a refused one costs no handshake either. Never throws: the stack's accept
     * loops take an exception from accept() as the end of the listening point.
     */
    private boolean admitted(Socket s, String transport) {
        String refused = admit(s);
        if (refused == null) {
            try {
                s.setSoTimeout((int)
                        Math.min(Integer.MAX_VALUE, config.tcpIdleTimeout().toMillis()));
                return true;
            } catch (IOException gone) {
                closeQuietly(s); // reset by the peer meanwhile: nothing to serve
                return false;
            }
        }
        InetAddress from = s.getInetAddress();
        log.warn(() ->
                "SIP " + transport + " connection from " + from.getHostAddress() + " closed at accept: " + refused);
        try {
            s.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closed below all the same
        }
        closeQuietly(s);
        return false;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing left to release
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
            long fromSource =
                    open.stream().filter(o -> from.equals(o.getInetAddress())).count();
            if (fromSource >= config.maxTcpConnectionsPerSource()) {
                counters.tcpRefusedPerSource.incrementAndGet();
                return fromSource + " connections open from that address (max-tcp-connections-per-source)";
            }
        }
        open.add(s);
        return null;
    }

    /** The TLS listening socket of the wrapped layer, its accepted connections admitted like TCP ones. */
    @Override
    public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        counters.tcpOpen = this::openNow;
        return new TlsGate(delegate.createSSLServerSocket(port, backlog, bindAddress));
    }

    /**
     * An {@link SSLServerSocket} (the stack's TLS transport casts to it and sets client authentication on it) that
     * hands every call to the wrapped layer's socket, except that accept() returns admitted connections only.
     */
    private final class TlsGate extends SSLServerSocket {

        private final SSLServerSocket inner;

        TlsGate(SSLServerSocket inner) throws IOException {
            this.inner = inner;
        }

        @Override
        public Socket accept() throws IOException {
            while (true) {
                Socket s = inner.accept();
                if (admitted(s, "TLS")) {
                    return new AdmittedTlsSocket((SSLSocket) s, TcpAdmission.this::deadlined);
                }
            }
        }

        @Override
        public void close() throws IOException {
            inner.close();
            super.close();
        }

        @Override
        public boolean isClosed() {
            return inner.isClosed();
        }

        @Override
        public boolean isBound() {
            return inner.isBound();
        }

        @Override
        public InetAddress getInetAddress() {
            return inner.getInetAddress();
        }

        @Override
        public int getLocalPort() {
            return inner.getLocalPort();
        }

        @Override
        public java.net.SocketAddress getLocalSocketAddress() {
            return inner.getLocalSocketAddress();
        }

        @Override
        public synchronized void setSoTimeout(int timeout) throws SocketException {
            inner.setSoTimeout(timeout);
        }

        @Override
        public synchronized int getSoTimeout() throws IOException {
            return inner.getSoTimeout();
        }

        @Override
        public javax.net.ssl.SSLParameters getSSLParameters() {
            return inner.getSSLParameters();
        }

        @Override
        public void setSSLParameters(javax.net.ssl.SSLParameters params) {
            inner.setSSLParameters(params);
        }

        @Override
        public String[] getEnabledCipherSuites() {
            return inner.getEnabledCipherSuites();
        }

        @Override
        public void setEnabledCipherSuites(String[] suites) {
            inner.setEnabledCipherSuites(suites);
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return inner.getSupportedCipherSuites();
        }

        @Override
        public String[] getSupportedProtocols() {
            return inner.getSupportedProtocols();
        }

        @Override
        public String[] getEnabledProtocols() {
            return inner.getEnabledProtocols();
        }

        @Override
        public void setEnabledProtocols(String[] protocols) {
            inner.setEnabledProtocols(protocols);
        }

        @Override
        public void setNeedClientAuth(boolean need) {
            inner.setNeedClientAuth(need);
        }

        @Override
        public boolean getNeedClientAuth() {
            return inner.getNeedClientAuth();
        }

        @Override
        public void setWantClientAuth(boolean want) {
            inner.setWantClientAuth(want);
        }

        @Override
        public boolean getWantClientAuth() {
            return inner.getWantClientAuth();
        }

        @Override
        public void setUseClientMode(boolean mode) {
            inner.setUseClientMode(mode);
        }

        @Override
        public boolean getUseClientMode() {
            return inner.getUseClientMode();
        }

        @Override
        public void setEnableSessionCreation(boolean flag) {
            inner.setEnableSessionCreation(flag);
        }

        @Override
        public boolean getEnableSessionCreation() {
            return inner.getEnableSessionCreation();
        }

        @Override
        public String toString() {
            return "admitted " + inner;
        }
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return connect(new AdmittedSocket(0), address, port, null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress) throws IOException {
        return connect(new AdmittedSocket(0), address, port, localAddress);
    }

    /** The local port is not bound (JAIN-SIP's own layers do not either): the system picks an ephemeral one. */
    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress myAddress, int myPort) throws IOException {
        return connect(new AdmittedSocket(0), address, port, myAddress);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
        return new AdmittedTlsSocket(delegate.createSSLSocket(address, port), this::deadlinedOutbound);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress localAddress) throws IOException {
        return new AdmittedTlsSocket(delegate.createSSLSocket(address, port, localAddress), this::deadlinedOutbound);
    }

    /** How long an outbound connection may take to be accepted, as in JAIN-SIP's own network layers. */
    public static final int CONNECT_TIMEOUT_MS = 8000;

    /**
     * Binds {@code s} to {@code local} (when given, on an ephemeral port) and connects it to the peer within {@link
     * #CONNECT_TIMEOUT_MS}; closes it on failure. JAIN-SIP's network layers make their client sockets this way.
     */
    public static Socket connect(Socket s, InetAddress address, int port, InetAddress local) throws IOException {
        try {
            if (local != null) {
                s.bind(new java.net.InetSocketAddress(local, 0));
            }
            s.connect(new java.net.InetSocketAddress(address, port), CONNECT_TIMEOUT_MS);
            return s;
        } catch (java.net.SocketTimeoutException e) {
            s.close();
            throw new java.net.ConnectException(
                    "no connection to " + address + ":" + port + " within " + CONNECT_TIMEOUT_MS + " ms");
        } catch (IOException e) {
            s.close();
            throw e;
        }
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
