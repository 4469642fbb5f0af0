package io.dialout.media.engine;

import io.dialout.media.srtp.SdesKeys;
import io.dialout.media.srtp.SrtpSession;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A callee with an SDES-SRTP leg (RFC 4568) over a real UDP socket: it takes the key from the engine's RTP/SAVP
 * offer, answers with its own key, and echoes every RTP packet after decrypting it with the offered key and
 * re-encrypting it with its own, as a phone's SRTP stack would. Written here because sipp's echo does not do SRTP;
 * the SRTP itself is jitsi-srtp through the webrtc package, independent of the engine's SIP leg code.
 */
final class SdesEchoCallee implements AutoCloseable {
    private static final Pattern CRYPTO = Pattern.compile("a=crypto:(\\S+ \\S+ inline:\\S+)");

    private final DatagramSocket socket;
    private final SdesKeys own = SdesKeys.generate();
    private final SrtpSession srtp;
    private final Thread thread;
    private final AtomicInteger echoed = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();

    SdesEchoCallee(String offer) throws IOException {
        Matcher m = CRYPTO.matcher(offer);
        if (!m.find()) {
            throw new IllegalArgumentException("offer has no a=crypto");
        }
        SdesKeys offered = SdesKeys.parse(m.group(1));
        srtp = SdesKeys.session(own, offered); // protect with ours, unprotect with the offerer's
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::run, "sdes-echo");
        thread.setDaemon(true);
        thread.start();
    }

    /** The callee's SDP answer: PCMU and telephone-event over RTP/SAVP with its own key. */
    String answer() {
        int port = socket.getLocalPort();
        return "v=0\r\no=callee 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/SAVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n"
                + "a=" + own.toSdpLine(1).replaceFirst("^a=", "") + "\r\na=sendrecv\r\n";
    }

    int echoed() {
        return echoed.get();
    }

    int rejected() {
        return rejected.get();
    }

    private void run() {
        byte[] b = new byte[2048];
        DatagramPacket p = new DatagramPacket(b, b.length);
        while (!socket.isClosed()) {
            try {
                p.setData(b);
                socket.receive(p);
                int n = srtp.unprotectRtp(b, 0, p.getLength());
                if (n < 0) {
                    rejected.incrementAndGet();
                    continue;
                }
                int m = srtp.protectRtp(b, 0, n);
                socket.send(new DatagramPacket(b, 0, m, p.getSocketAddress()));
                echoed.incrementAndGet();
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(2000);
        srtp.close();
    }
}
