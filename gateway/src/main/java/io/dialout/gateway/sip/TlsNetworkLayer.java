package io.dialout.gateway.sip;

import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * JAIN-SIP's sockets for one stack, with TLS from {@link SipTls} instead of the JVM-wide {@code javax.net.ssl}
 * properties (so that several user agents in one JVM each have their own trust and certificates).
 *
 * <p>JAIN-SIP makes the network layer by its class name ({@code gov.nist.javax.sip.NETWORK_LAYER}) with no
 * arguments while the stack is being built, so the {@link SipTls} it belongs to is handed over in a thread-local set
 * around that constructor call ({@link #building}).
 *
 * <p>Every client socket checks the server's name: JAIN-SIP itself only runs the handshake (whose trust manager
 * checks the chain, not the name) and a {@code TlsSecurityPolicy} that does nothing by default. The name is the host
 * the stack resolved (it keeps the name in the {@link InetAddress}), or the address literal for an IP hop.
 */
public final class TlsNetworkLayer implements NetworkLayer {

    private static final ThreadLocal<SipTls> BUILDING = new ThreadLocal<>();

    private final SipTls tls;

    /** Called by JAIN-SIP inside {@link #building}. */
    public TlsNetworkLayer() {
        this.tls = BUILDING.get();
        if (tls == null) {
            throw new IllegalStateException("TlsNetworkLayer is made only inside TlsNetworkLayer.building");
        }
    }

    /** Runs {@code build} (which creates the stack) with {@code tls} as the TLS settings of its network layer. */
    static <T, E extends Exception> T building(SipTls tls, Builder<T, E> build) throws E {
        BUILDING.set(tls);
        try {
            return build.build();
        } finally {
            BUILDING.remove();
        }
    }

    /** What {@link #building} runs. */
    @FunctionalInterface
    interface Builder<T, E extends Exception> {
        T build() throws E;
    }

    @Override
    public void setSipStack(SipStackImpl stack) {}

    // ---- TLS -------------------------------------------------------------------------------------------------------

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
        return createSSLSocket(address, port, null);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress local) throws IOException {
        // the name the stack resolved (kept in the InetAddress), without a reverse lookup; the literal otherwise
        String host = new InetSocketAddress(address, port).getHostString();
        Socket raw = connect(address, port, local);
        try {
            SSLSocket s = (SSLSocket) tls.clientContext(host).getSocketFactory().createSocket(raw, host, port, true);
            s.setSSLParameters(clientParameters(s.getSSLParameters(), host));
            return s;
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** TLS 1.2+, our suites, the server's name checked as HTTPS does (RFC 2818 section 3.1), SNI for names. */
    static SSLParameters clientParameters(SSLParameters p, String host) {
        p.setProtocols(SipTls.PROTOCOLS.toArray(String[]::new));
        p.setCipherSuites(SipTls.cipherSuites());
        p.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isAddressLiteral(host)) {
            p.setServerNames(List.of(new SNIHostName(host)));
        }
        return p;
    }

    @Override
    public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress bind) throws IOException {
        SSLServerSocket s =
                (SSLServerSocket) tls.serverContext().getServerSocketFactory().createServerSocket(port, backlog, bind);
        s.setEnabledProtocols(SipTls.PROTOCOLS.toArray(String[]::new));
        s.setEnabledCipherSuites(SipTls.cipherSuites());
        return s;
    }

    static boolean isAddressLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    }

    // ---- plain sockets, as JAIN-SIP's DefaultNetworkLayer makes them --------------------------------------------

    private static Socket connect(InetAddress address, int port, InetAddress local) throws IOException {
        return io.dialout.gateway.sip.ingress.TcpAdmission.connect(new Socket(), address, port, local);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress bind) throws IOException {
        return new ServerSocket(port, backlog, bind);
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return connect(address, port, null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress local) throws IOException {
        return connect(address, port, local);
    }

    /** The local port is not bound, as in JAIN-SIP's own layer: the system picks an ephemeral one. */
    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort) throws IOException {
        return connect(address, port, local);
    }

    @Override
    public DatagramSocket createDatagramSocket() throws SocketException {
        return new DatagramSocket();
    }

    @Override
    public DatagramSocket createDatagramSocket(int port, InetAddress bind) throws SocketException {
        return new DatagramSocket(port, bind);
    }
}
