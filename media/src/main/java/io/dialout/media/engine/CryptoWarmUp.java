package io.dialout.media.engine;

import io.dialout.media.rtp.RtpPacket;
import io.dialout.media.webrtc.srtp.SdesKeys;
import io.dialout.media.webrtc.srtp.SrtpProfile;
import io.dialout.media.webrtc.srtp.SrtpSession;

/**
 * Runs one SRTP round trip per profile at start-up. jitsi-srtp picks its AES implementation by benchmarking them
 * on first use, which took 3-4 s here; done lazily, that stalls the first call's room reader thread and its first
 * seconds of audio are lost (seen in EngineWithChromiumTest as a 145-packet gap). Measured once per JVM.
 */
final class CryptoWarmUp {
    private static volatile boolean done;

    private CryptoWarmUp() {}

    static synchronized void run() {
        if (done) {
            return;
        }
        for (SrtpProfile profile : SrtpProfile.values()) {
            SdesKeys k = SdesKeys.generate(profile);
            try (SrtpSession s = SdesKeys.session(k, k)) {
                byte[] b = new byte[12 + 160 + SrtpSession.MAX_OVERHEAD];
                RtpPacket.writeHeader(b, 0, false, 0, 1, 160, 0x1234);
                int n = s.protectRtp(b, 0, 172);
                s.unprotectRtp(b, 0, n);
                byte[] c = new byte[8 + SrtpSession.MAX_OVERHEAD + 16];
                io.dialout.media.rtp.RtcpWriter.receiverReport(c, 0, 0x1234, java.util.List.of());
                int m = s.protectRtcp(c, 0, 8);
                s.unprotectRtcp(c, 0, m);
            }
        }
        done = true;
    }
}
