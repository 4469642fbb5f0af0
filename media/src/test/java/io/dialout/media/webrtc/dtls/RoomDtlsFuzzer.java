package io.dialout.media.webrtc.dtls;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.security.SecureRandom;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * Coverage-guided fuzzing (Jazzer) of the first DTLS datagram a room sends from a checked address, before any
 * handshake: our DTLS-SRTP server (RFC 5764: ECDHE_ECDSA only, use_srtp, a client certificate checked against the
 * SDP fingerprint) as the room port runs it, over BouncyCastle's record layer. Whatever the bytes, the handshake must
 * end in an exception that {@link DtlsSession} turns into a clean {@code dtlsFailed} (IOException or
 * RuntimeException); an Error would kill the handshake thread and leave the call hanging. The datagram after the
 * input is "end of input", so each run is synchronous and never waits for a timer. Seed: the ClientHello our own
 * client role sends ({@code RoomDtlsFuzzerInputs/}), which a room in the client role also sends in this shape.
 */
class RoomDtlsFuzzer {
    private static final DtlsIdentity IDENTITY = DtlsIdentity.generate();
    private static final BcTlsCrypto CRYPTO = new BcTlsCrypto(new SecureRandom());

    @FuzzTest(maxDuration = "4s")
    void firstDatagramsBeforeTheHandshake(byte[] data) {
        DtlsPeerSupport support = new DtlsPeerSupport(
                CRYPTO, IDENTITY, "sha-256", IDENTITY.fingerprintSha256(), 1000, DtlsPeerSupport.PREFERENCE);
        DTLSServerProtocol protocol = new DTLSServerProtocol();
        protocol.setVerifyRequests(false); // as DtlsSession: ICE already proved the address
        try {
            protocol.accept(new DtlsSrtpServer(support), new ReplayTransport(data));
        } catch (IOException | RuntimeException expected) {
            // DtlsSession.handshake reports either as a failed handshake
        }
    }

    /** Gives BouncyCastle the fuzz input as one datagram, then ends; what the server sends is discarded. */
    static final class ReplayTransport implements DatagramTransport {
        private byte[] next;

        ReplayTransport(byte[] datagram) {
            this.next = datagram;
        }

        @Override
        public int getReceiveLimit() {
            return QueuedDatagramTransport.RECEIVE_LIMIT;
        }

        @Override
        public int getSendLimit() {
            return QueuedDatagramTransport.SEND_LIMIT;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            byte[] d = next;
            if (d == null) {
                throw new IOException("end of input");
            }
            next = null;
            int n = Math.min(len, d.length);
            System.arraycopy(d, 0, buf, off, n);
            return n;
        }

        @Override
        public void send(byte[] buf, int off, int len) {}

        @Override
        public void close() {}
    }
}
