package io.dialout.media.webrtc;

import io.dialout.media.webrtc.stun.Stun;
import io.dialout.media.webrtc.stun.StunCredentials;
import io.dialout.media.webrtc.stun.StunMessage;
import io.dialout.media.webrtc.stun.StunWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;

/**
 * The lite side of ICE for one endpoint (RFC 8445 sections 2.5 and 7.3): it never sends checks, it answers the
 * browser's, and it takes the pair the browser nominates (USE-CANDIDATE). Every valid check also refreshes consent
 * (RFC 7675). Synchronized: checks of one endpoint can arrive on two reader threads from two 4-tuples.
 */
final class IceLite {
    enum Outcome {
        /** Not STUN after all (bad FINGERPRINT): nothing is sent. */
        DROPPED,
        /** Answered with an error: not a valid check. */
        REJECTED,
        /** A valid check without USE-CANDIDATE. */
        VALID,
        /** A valid check with USE-CANDIDATE: this address is the selected pair's remote side. */
        NOMINATED
    }

    private final byte[] localUfrag;
    private final byte[] expectedUsername;
    private final Mac localKey;
    private final byte[] macScratch = new byte[20];

    IceLite(String localUfrag, String localPwd, String remoteUfrag) {
        this.localUfrag = localUfrag.getBytes(StandardCharsets.UTF_8);
        this.expectedUsername =
                remoteUfrag == null ? null : (localUfrag + ":" + remoteUfrag).getBytes(StandardCharsets.UTF_8);
        this.localKey = StunCredentials.hmacSha1(localPwd);
    }

    /**
     * Checks a Binding request and writes the response into {@code out} via {@code w}.
     *
     * @return the outcome; unless DROPPED, the response to send is {@code out[0..w.length())}
     */
    synchronized Outcome answer(StunMessage msg, InetSocketAddress from, StunWriter w, byte[] out) {
        byte[] tx = msg.buffer();
        int txOff = msg.transactionIdOffset();
        // RFC 8489 section 7.3: a FINGERPRINT that does not verify means "not STUN": drop silently.
        if (msg.hasFingerprint() && !msg.verifyFingerprint()) {
            return Outcome.DROPPED;
        }
        // RFC 8489 section 9.1.3: no USERNAME or MESSAGE-INTEGRITY -> 400; wrong USERNAME or integrity -> 401.
        if (!msg.hasUsername() || !msg.hasMessageIntegrity()) {
            error(w, out, tx, txOff, Stun.ERROR_BAD_REQUEST, false);
            return Outcome.REJECTED;
        }
        boolean userOk = expectedUsername != null
                ? msg.usernameEquals(expectedUsername)
                : msg.usernameStartsWithFragment(localUfrag);
        if (!userOk || !msg.verifyMessageIntegrity(localKey, macScratch)) {
            error(w, out, tx, txOff, Stun.ERROR_UNAUTHENTICATED, false);
            return Outcome.REJECTED;
        }
        // RFC 8445 section 6.1.1: a lite agent is always controlled, so the peer must be controlling
        // (section 7.3.1.1: a controlled peer is a role conflict we cannot resolve by switching).
        if (msg.hasIceControlled() && !msg.hasIceControlling()) {
            error(w, out, tx, txOff, Stun.ERROR_ROLE_CONFLICT, true);
            return Outcome.REJECTED;
        }
        // RFC 8445 section 7.3.1.4 / RFC 8489 section 14.2: success with the source as XOR-MAPPED-ADDRESS.
        w.start(out, 0, Stun.BINDING_SUCCESS, tx, txOff)
                .addXorMappedAddress(from)
                .addMessageIntegrity(localKey)
                .addFingerprint();
        return msg.useCandidate() ? Outcome.NOMINATED : Outcome.VALID;
    }

    private void error(StunWriter w, byte[] out, byte[] tx, int txOff, int code, boolean integrity) {
        w.start(out, 0, Stun.BINDING_ERROR, tx, txOff).addErrorCode(code, Stun.reasonPhrase(code));
        if (integrity) {
            w.addMessageIntegrity(localKey);
        }
        w.addFingerprint();
    }
}
