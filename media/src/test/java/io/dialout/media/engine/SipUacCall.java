package io.dialout.media.engine;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of a SIP UAC (RFC 3261 over UDP) to place one call to a real UAS (sipp, baresip) with the engine's
 * SDP offer and get its real SDP answer back: INVITE, 1xx/200, ACK; BYE at the end. The gateway's own user agent lives in the
 * gateway module, which the media module cannot depend on; here SIP is only the way to get a real answer.
 */
final class SipUacCall implements AutoCloseable {
    private final DatagramSocket socket;
    private final InetSocketAddress sipp;
    private final String callId = UUID.randomUUID() + "@127.0.0.1";
    private final String fromTag = Long.toHexString(System.nanoTime());
    private String toHeader;
    private int cseq = 1;

    SipUacCall(int sippPort) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        sipp = new InetSocketAddress(InetAddress.getLoopbackAddress(), sippPort);
    }

    private int port() {
        return socket.getLocalPort();
    }

    private String branch() {
        return "z9hG4bK" + UUID.randomUUID().toString().replace("-", "");
    }

    /** Sends the INVITE and returns the SDP of the 200 OK (after sending the ACK). */
    String invite(String sdpOffer, Duration timeout) throws IOException {
        String target = "sip:callee@127.0.0.1:" + sipp.getPort();
        String msg = "INVITE " + target + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + port() + ";branch=" + branch() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:gateway@127.0.0.1:" + port() + ">;tag=" + fromTag + "\r\n"
                + "To: <" + target + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " INVITE\r\n"
                + "Contact: <sip:gateway@127.0.0.1:" + port() + ">\r\n"
                + "Content-Type: application/sdp\r\n"
                + "Content-Length: " + sdpOffer.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + sdpOffer;
        send(msg);
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            String r = receive(end);
            if (r == null || !r.startsWith("SIP/2.0 ")) {
                continue;
            }
            int status = Integer.parseInt(r.substring(8, 11));
            if (status < 200) {
                continue;
            }
            if (status >= 300) {
                throw new IOException(
                        "the callee answered " + r.lines().findFirst().orElse(""));
            }
            toHeader = header(r, "To");
            send("ACK sip:callee@127.0.0.1:" + sipp.getPort() + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + port() + ";branch=" + branch() + "\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:gateway@127.0.0.1:" + port() + ">;tag=" + fromTag + "\r\n"
                    + "To: " + toHeader + "\r\n"
                    + "Call-ID: " + callId + "\r\n"
                    + "CSeq: " + cseq + " ACK\r\n"
                    + "Content-Length: 0\r\n\r\n");
            int body = r.indexOf("\r\n\r\n");
            return r.substring(body + 4);
        }
        throw new IOException("no final answer from the callee");
    }

    /** Sends BYE and waits (briefly) for its 200. */
    void bye() throws IOException {
        if (toHeader == null) {
            return;
        }
        cseq++;
        send("BYE sip:callee@127.0.0.1:" + sipp.getPort() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + port() + ";branch=" + branch() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:gateway@127.0.0.1:" + port() + ">;tag=" + fromTag + "\r\n"
                + "To: " + toHeader + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " BYE\r\n"
                + "Content-Length: 0\r\n\r\n");
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < end) {
            String r = receive(end);
            if (r != null && r.startsWith("SIP/2.0 200") && r.contains("BYE")) {
                toHeader = null;
                return;
            }
        }
    }

    private static String header(String msg, String name) {
        Matcher m = Pattern.compile("(?im)^" + name + ":\\s*(.*)$").matcher(msg);
        return m.find() ? m.group(1).trim() : "";
    }

    private void send(String msg) throws IOException {
        byte[] b = msg.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(b, b.length, sipp));
    }

    private String receive(long endNanos) throws IOException {
        byte[] b = new byte[8192];
        DatagramPacket p = new DatagramPacket(b, b.length);
        int ms = (int) Math.max(1, (endNanos - System.nanoTime()) / 1_000_000L);
        socket.setSoTimeout(ms);
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return new String(b, 0, p.getLength(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        try {
            bye();
        } finally {
            socket.close();
        }
    }
}
