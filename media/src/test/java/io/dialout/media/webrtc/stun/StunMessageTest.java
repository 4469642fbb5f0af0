package io.dialout.media.webrtc.stun;

import static io.dialout.media.webrtc.TestHex.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import javax.crypto.Mac;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.PriorityAttribute;
import org.ice4j.attribute.UsernameAttribute;
import org.ice4j.attribute.XorMappedAddressAttribute;
import org.ice4j.message.Message;
import org.junit.jupiter.api.Test;

/** The STUN codec against the RFC 5769 test vectors, and our writer cross-checked by ice4j's decoder. */
class StunMessageTest {
    static final String PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";

    // RFC 5769 section 2.1: sample request
    // (SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME, MESSAGE-INTEGRITY, FINGERPRINT).
    static final byte[] REQUEST = hex("000100582112a442b7e7a701bc34d686fa87dfae"
            + "802200105354554e20746573742063"
            + "6c69656e74"
            + "002400046e0001ff"
            + "80290008932ff9b151263b36"
            + "000600096576746a3a68367659202020"
            + "000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2"
            + "80280004e57a3bcf");
    // RFC 5769 section 2.2: IPv4 response, XOR-MAPPED-ADDRESS 192.0.2.1:32853.
    static final byte[] RESPONSE_V4 = hex("0101003c2112a442b7e7a701bc34d686fa87dfae"
            + "8022000b7465737420766563746f7220"
            + "002000080001a147e112a643"
            + "000800142b91f599fd9e90c38c7489f92af9ba53f06be7d7"
            + "80280004c07d4c96");
    // RFC 5769 section 2.3: IPv6 response, XOR-MAPPED-ADDRESS [2001:db8:1234:5678:11:2233:4455:6677]:32853.
    static final byte[] RESPONSE_V6 = hex("010100482112a442b7e7a701bc34d686fa87dfae"
            + "8022000b7465737420766563746f7220"
            + "002000140002a1470113a9faa5d3f179bc25f4b5bed2b9d9"
            + "00080014a382954e4be67bf11784c97c8292c275bfe3ed41"
            + "80280004c8fb0b4c");

    @Test
    void parsesTheRfc5769SampleRequest() {
        StunMessage m = new StunMessage();
        assertThat(m.wrap(REQUEST, 0, REQUEST.length)).isTrue();
        assertThat(m.isBindingRequest()).isTrue();
        assertThat(m.username()).isEqualTo("evtj:h6vY");
        assertThat(m.usernameLocalFragment()).isEqualTo("evtj");
        assertThat(m.usernameStartsWithFragment("evtj".getBytes())).isTrue();
        assertThat(m.usernameStartsWithFragment("evt".getBytes())).isFalse();
        assertThat(m.priority()).isEqualTo(0x6e0001ffL);
        assertThat(m.hasIceControlled()).isTrue();
        assertThat(m.iceControlled()).isEqualTo(0x932ff9b151263b36L);
        assertThat(m.hasIceControlling()).isFalse();
        assertThat(m.useCandidate()).isFalse();
        assertThat(m.verifyFingerprint()).isTrue();
        assertThat(m.verifyMessageIntegrity(StunCredentials.hmacSha1(PASSWORD), new byte[20]))
                .isTrue();
        assertThat(m.verifyMessageIntegrity(StunCredentials.hmacSha1(PASSWORD + "x"), new byte[20]))
                .isFalse();
    }

    @Test
    void integrityVerificationRestoresTheLengthField() {
        byte[] copy = REQUEST.clone();
        StunMessage m = new StunMessage();
        m.wrap(copy, 0, copy.length);
        m.verifyMessageIntegrity(StunCredentials.hmacSha1(PASSWORD), new byte[20]);
        assertThat(copy).isEqualTo(REQUEST);
    }

    @Test
    void aFlippedBitFailsIntegrityAndFingerprint() {
        byte[] copy = REQUEST.clone();
        copy[30] ^= 0x01; // inside SOFTWARE
        StunMessage m = new StunMessage();
        assertThat(m.wrap(copy, 0, copy.length)).isTrue();
        assertThat(m.verifyFingerprint()).isFalse();
        assertThat(m.verifyMessageIntegrity(StunCredentials.hmacSha1(PASSWORD), new byte[20]))
                .isFalse();
    }

    @Test
    void decodesTheIpv4AndIpv6ResponsesOfRfc5769() throws Exception {
        StunMessage m = new StunMessage();
        assertThat(m.wrap(RESPONSE_V4, 0, RESPONSE_V4.length)).isTrue();
        assertThat(m.type()).isEqualTo(Stun.BINDING_SUCCESS);
        assertThat(m.xorMappedAddress()).isEqualTo(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853));
        assertThat(m.verifyFingerprint()).isTrue();
        assertThat(m.verifyMessageIntegrity(StunCredentials.hmacSha1(PASSWORD), new byte[20]))
                .isTrue();

        assertThat(m.wrap(RESPONSE_V6, 0, RESPONSE_V6.length)).isTrue();
        assertThat(m.xorMappedAddress())
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853));
        assertThat(m.verifyFingerprint()).isTrue();
        assertThat(m.verifyMessageIntegrity(StunCredentials.hmacSha1(PASSWORD), new byte[20]))
                .isTrue();
    }

    @Test
    void writerReproducesTheRfc5769XorMappedAddressesAndIntegrity() throws Exception {
        // Rebuild the IPv4 and IPv6 responses with our writer. SOFTWARE is padded with a space in the RFC and with a
        // zero by us, so patch that one byte before comparing: everything else must match byte for byte.
        for (byte[] vector : new byte[][] {RESPONSE_V4, RESPONSE_V6}) {
            StunMessage parsed = new StunMessage();
            parsed.wrap(vector, 0, vector.length);
            InetSocketAddress mapped = parsed.xorMappedAddress();
            byte[] out = new byte[200];
            StunWriter w = new StunWriter().start(out, 0, Stun.BINDING_SUCCESS, vector, 8);
            w.addString(Stun.ATTR_SOFTWARE, "test vector");
            out[20 + 4 + 11] = 0x20; // the RFC's padding byte, before integrity is computed
            w.addXorMappedAddress(mapped)
                    .addMessageIntegrity(StunCredentials.hmacSha1(PASSWORD))
                    .addFingerprint();
            assertThat(java.util.Arrays.copyOf(out, w.length())).isEqualTo(vector);
        }
    }

    @Test
    void writerOutputDecodesInIce4j() throws Exception {
        byte[] tx = hex("0102030405060708090a0b0c");
        byte[] out = new byte[256];
        Mac mac = StunCredentials.hmacSha1("abcdefghijklmnopqrstuvwx");
        StunWriter w = new StunWriter()
                .start(out, 0, Stun.BINDING_REQUEST, tx, 0)
                .addString(Stun.ATTR_USERNAME, "local:remote")
                .addInt(Stun.ATTR_PRIORITY, 0x7e7f00ff)
                .addLong(Stun.ATTR_ICE_CONTROLLING, 0x1122334455667788L)
                .addFlag(Stun.ATTR_USE_CANDIDATE)
                .addXorMappedAddress(new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 5000))
                .addMessageIntegrity(mac)
                .addFingerprint();
        Message m = Message.decode(out, 0, w.length()); // ice4j validates FINGERPRINT while decoding
        assertThat(m.getMessageType()).isEqualTo(Message.BINDING_REQUEST);
        assertThat(new String(((UsernameAttribute) m.getAttribute(Attribute.USERNAME)).getUsername()))
                .isEqualTo("local:remote");
        assertThat(((PriorityAttribute) m.getAttribute(Attribute.PRIORITY)).getPriority())
                .isEqualTo(0x7e7f00ffL);
        XorMappedAddressAttribute xor = (XorMappedAddressAttribute) m.getAttribute(Attribute.XOR_MAPPED_ADDRESS);
        assertThat(xor.getAddress(m.getTransactionID()).getAddress()).isEqualTo(InetAddress.getByName("2001:db8::1"));
        assertThat(xor.getAddress(m.getTransactionID()).getPort()).isEqualTo(5000);

        StunMessage ours = new StunMessage();
        assertThat(ours.wrap(out, 0, w.length())).isTrue();
        assertThat(ours.useCandidate()).isTrue();
        assertThat(ours.iceControlling()).isEqualTo(0x1122334455667788L);
        assertThat(ours.verifyMessageIntegrity(mac, new byte[20])).isTrue();
        assertThat(ours.verifyFingerprint()).isTrue();
    }

    @Test
    void errorCodeRoundTrips() {
        byte[] out = new byte[128];
        StunWriter w = new StunWriter()
                .start(out, 0, Stun.BINDING_ERROR, new byte[12], 0)
                .addErrorCode(401, "Unauthenticated")
                .addFingerprint();
        StunMessage m = new StunMessage();
        assertThat(m.wrap(out, 0, w.length())).isTrue();
        assertThat(m.errorCode()).isEqualTo(401);
        assertThat(m.errorReason()).isEqualTo("Unauthenticated");
        assertThat(m.verifyFingerprint()).isTrue();
    }

    @Test
    void rejectsMalformedMessages() {
        StunMessage m = new StunMessage();
        assertThat(m.wrap(REQUEST, 0, 19)).isFalse(); // shorter than a header
        byte[] badCookie = REQUEST.clone();
        badCookie[4] = 0;
        assertThat(m.wrap(badCookie, 0, badCookie.length)).isFalse();
        assertThat(m.wrap(REQUEST, 0, REQUEST.length - 4)).isFalse(); // length field disagrees
        byte[] overrun = hex("000100082112a442b7e7a701bc34d686fa87dfae0020004000010000");
        assertThat(m.wrap(overrun, 0, overrun.length)).isFalse(); // attribute runs past the end
        byte[] rtp = hex("80000001000000000000000000000000000000000000");
        assertThat(m.wrap(rtp, 0, rtp.length)).isFalse();
    }
}
