package io.dialout.media.webrtc.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import javax.crypto.Mac;
import org.junit.jupiter.api.Test;

/**
 * Mutations of the RFC 5769 messages (bit flips, byte overwrites, truncations, length-field edits): the parser must
 * reject or accept without throwing, and whatever it accepts must be readable and must never verify as authentic.
 */
class StunMessageFuzzTest {
    @Test
    void mutatedMessagesNeverThrowAndNeverAuthenticate() {
        byte[][] seeds = {StunMessageTest.REQUEST, StunMessageTest.RESPONSE_V4, StunMessageTest.RESPONSE_V6};
        Random random = new Random(5769);
        Mac mac = StunCredentials.hmacSha1(StunMessageTest.PASSWORD);
        byte[] scratch = new byte[20];
        StunMessage m = new StunMessage();
        int accepted = 0;
        for (int i = 0; i < 200_000; i++) {
            byte[] seed = seeds[random.nextInt(seeds.length)];
            byte[] b = seed.clone();
            int len = b.length;
            switch (random.nextInt(4)) {
                case 0 -> b[random.nextInt(len)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[20 + random.nextInt(len - 20)] = (byte) random.nextInt(256);
                case 2 -> len = random.nextInt(len);
                default -> {
                    int attrLen = 20 + 2 + 4 * random.nextInt((len - 20) / 4);
                    b[Math.min(attrLen, len - 1)] = (byte) random.nextInt(256); // an attribute length byte
                }
            }
            if (!m.wrap(b, 0, len)) {
                continue;
            }
            accepted++;
            m.username();
            m.usernameLocalFragment();
            m.xorMappedAddress();
            m.errorCode();
            m.priority();
            boolean authentic = m.verifyMessageIntegrity(mac, scratch) && m.verifyFingerprint();
            if (authentic) {
                assertThat(java.util.Arrays.copyOf(b, len))
                        .as("only an unchanged message verifies")
                        .isEqualTo(seed);
            }
        }
        assertThat(accepted)
                .as("some mutations still parse, so the accessors were exercised")
                .isPositive();
    }
}
