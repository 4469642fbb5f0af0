package io.dialout.media.webrtc.dtls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/** Writes the ClientHello our DTLS client role sends (the seed of {@link RoomDtlsFuzzer}): {@code main(path)}. */
final class ClientHelloSeed {
    private ClientHelloSeed() {}

    public static void main(String[] args) throws IOException {
        DtlsIdentity id = DtlsIdentity.generate();
        DtlsPeerSupport support = new DtlsPeerSupport(
                new BcTlsCrypto(new SecureRandom()),
                id,
                "sha-256",
                id.fingerprintSha256(),
                1000,
                DtlsPeerSupport.PREFERENCE);
        byte[][] first = new byte[1][];
        DatagramTransport capture = new DatagramTransport() {
            public int getReceiveLimit() {
                return 1500;
            }

            public int getSendLimit() {
                return 1200;
            }

            public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
                throw new IOException("captured");
            }

            public void send(byte[] buf, int off, int len) {
                if (first[0] == null) {
                    first[0] = java.util.Arrays.copyOfRange(buf, off, off + len);
                }
            }

            public void close() {}
        };
        try {
            new DTLSClientProtocol().connect(new DtlsSrtpClient(support), capture);
        } catch (IOException expected) {
            // the capture ends the handshake after the ClientHello
        }
        Files.createDirectories(Path.of(args[0]).getParent());
        Files.write(Path.of(args[0]), first[0]);
    }
}
