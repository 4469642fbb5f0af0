package io.dialout.media.webrtc.dtls;

import java.security.SecureRandom;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.modes.AEADBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.gcm.BasicGCMMultiplier;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * BouncyCastle's crypto for the DTLS handshakes, with one change: AES-GCM record protection without the 4 KiB
 * multiplication table per cipher. BouncyCastle's default GCM keeps a table of 256 two-long entries for each
 * direction, and a call keeps its DTLS transport (for close_notify and retransmitted flights) for its whole life:
 * measured as 520 small {@code long[]} and two {@code long[][]}, about 21 KiB of every pass-through call's live heap
 * (docs/benchmarks.md, "Memory"). The records those ciphers protect are a handful per call (Finished, close_notify:
 * the gateway carries no data channel, media goes in SRTP), so the table buys nothing.
 */
final class DtlsCrypto extends BcTlsCrypto {

    DtlsCrypto(SecureRandom random) {
        super(random);
    }

    @Override
    protected AEADBlockCipher createGCMMode(BlockCipher engine) {
        return GCMBlockCipher.newInstance(engine, new BasicGCMMultiplier());
    }
}
