package io.dialout.media.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dialout.media.webrtc.stun.Stun;
import io.dialout.media.webrtc.stun.StunMessage;
import io.dialout.media.webrtc.stun.StunWriter;
import java.net.InetSocketAddress;

/**
 * Coverage-guided fuzzing (Jazzer) of what the shared room port does with a datagram before any call owns it: the
 * RFC 7983 classification, the STUN parse (RFC 8489) and the ICE-lite answer to a Binding request (RFC 8445 section
 * 7.3). Nothing may throw; every answer we write must itself be well-formed STUN with a valid FINGERPRINT, and only an
 * unchanged RFC 5769 request may pass the integrity check. Seeds: the RFC 5769 section 2 messages (USERNAME
 * "evtj:h6vY", the password below) in {@code RoomStunFuzzerInputs/}.
 */
class RoomStunFuzzer {
    private static final String PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";
    private static final InetSocketAddress FROM = new InetSocketAddress("192.0.2.1", 32853);

    private final IceLite byUfrag = new IceLite("evtj", PASSWORD, null);
    private final IceLite byUsername = new IceLite("evtj", PASSWORD, "h6vY");
    private final StunMessage message = new StunMessage();
    private final StunMessage answer = new StunMessage();
    private final StunWriter writer = new StunWriter();
    private final byte[] out = new byte[512];

    @FuzzTest(maxDuration = "4s")
    void firstDatagramOnTheRoomPort(byte[] data) {
        if (PacketClass.of(data, 0, data.length) != PacketClass.STUN || !message.wrap(data, 0, data.length)) {
            return; // RoomPort's dispatch: DTLS, RTP and RTCP go to an endpoint only from a checked address
        }
        message.username();
        message.errorCode();
        message.errorReason();
        message.xorMappedAddress();
        message.priority();
        message.iceControlling();
        message.iceControlled();
        if (message.type() != Stun.BINDING_REQUEST) {
            return; // RoomPort drops anything else
        }
        message.usernameLocalFragment();
        for (IceLite ice : new IceLite[] {byUfrag, byUsername}) {
            IceLite.Outcome outcome = ice.answer(message, FROM, writer, out);
            if (outcome == IceLite.Outcome.DROPPED) {
                continue;
            }
            assertThat(answer.wrap(out, 0, writer.length()))
                    .as("our answer parses")
                    .isTrue();
            assertThat(answer.verifyFingerprint()).isTrue();
            if (outcome == IceLite.Outcome.VALID || outcome == IceLite.Outcome.NOMINATED) {
                assertThat(answer.xorMappedAddress()).isEqualTo(FROM);
            }
        }
    }
}
