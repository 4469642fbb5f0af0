package io.dialout.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.media.sdp.MediaDescription;
import io.dialout.media.sdp.SessionDescription;
import io.dialout.media.webrtc.dtls.DtlsFactory;
import io.dialout.media.webrtc.dtls.DtlsIdentity;
import io.dialout.media.webrtc.stun.Stun;
import io.dialout.media.webrtc.stun.StunCredentials;
import io.dialout.media.webrtc.stun.StunMessage;
import io.dialout.media.webrtc.stun.StunWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The room's side of a full ICE peer's connectivity checks (Janus is not ICE-lite), without Janus: a check signed
 * with the room's password gets a success response carrying our address (RFC 8445 section 7.3, RFC 8489 section
 * 14.2), signed with that same password; a check with the wrong credentials gets none.
 */
class SyntheticRoomIceTest {

    @Test
    void answersChecksSignedWithItsPasswordOnly() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        SyntheticRoom room = new SyntheticRoom(
                "ice-1",
                LoadConfig.Mode.PASSTHROUGH,
                new DtlsFactory(DtlsIdentity.generate(), pool),
                1500,
                new byte[0][],
                new Results());
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            peer.setSoTimeout(5000);
            SessionDescription offer = SessionDescription.parse(room.offer());
            MediaDescription audio = offer.firstMedia("audio");
            String ufrag = offer.iceUfrag(audio);
            String pwd = offer.icePwd(audio);
            InetSocketAddress from = (InetSocketAddress) peer.getLocalSocketAddress();

            byte[] wrongTx = check(ufrag, "not-the-password-of-the-room", from, room);
            byte[] tx = check(ufrag, pwd, from, room);

            DatagramPacket p = new DatagramPacket(new byte[512], 512);
            peer.receive(p);
            StunMessage reply = new StunMessage();
            assertThat(reply.wrap(p.getData(), 0, p.getLength())).isTrue();
            assertThat(reply.type()).isEqualTo(Stun.BINDING_SUCCESS);
            byte[] replyTx = Arrays.copyOfRange(p.getData(), 8, 20);
            assertThat(replyTx).isEqualTo(tx).isNotEqualTo(wrongTx);
            assertThat(reply.xorMappedAddress()).isEqualTo(from);
            assertThat(reply.verifyMessageIntegrity(StunCredentials.hmacSha1(pwd), new byte[20]))
                    .isTrue();
            assertThat(reply.verifyFingerprint()).isTrue();
            assertThat(p.getPort()).isEqualTo(room.localPort());
        } finally {
            room.close();
            pool.shutdownNow();
        }
    }

    /** A full agent's check as Janus (controlled) sends it: USERNAME "roomUfrag:peerUfrag", keyed with pwd. */
    private static byte[] check(String roomUfrag, String pwd, InetSocketAddress from, SyntheticRoom room) {
        byte[] tx = new byte[12];
        ThreadLocalRandom.current().nextBytes(tx);
        byte[] buf = new byte[512];
        StunWriter w = new StunWriter()
                .start(buf, 0, Stun.BINDING_REQUEST, tx, 0)
                .addString(Stun.ATTR_USERNAME, roomUfrag + ":janu")
                .addInt(Stun.ATTR_PRIORITY, 0x7e7f00ff)
                .addLong(Stun.ATTR_ICE_CONTROLLED, 42L)
                .addMessageIntegrity(StunCredentials.hmacSha1(pwd))
                .addFingerprint();
        room.onDatagram(buf, w.length(), System.nanoTime(), from);
        return tx;
    }
}
