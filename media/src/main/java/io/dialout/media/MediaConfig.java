package io.dialout.media;

import java.time.Duration;
import java.util.List;

/**
 * Settings of the media plane. Plain data, validated on construction.
 *
 * @param roomBindAddress      address the shared room-side UDP socket binds to (e.g. 0.0.0.0 or 127.0.0.1)
 * @param roomPort             the one UDP port for ICE/DTLS/SRTP toward every room; 0 picks a free port (tests)
 * @param roomAdvertisedAddresses addresses put in the room answer's ICE host candidates (1:1 NAT: the public one);
 *                             empty means the bind address, or every non-loopback interface address when it is a wildcard
 * @param sipBindAddress       address the SIP-side RTP/RTCP sockets bind to
 * @param sipAdvertisedAddress address put in the SIP SDP's c= line (1:1 NAT: the public one); null = bind address
 * @param sipRtpPortMin        first port of the SIP-side RTP range (even; RTP on even, RTCP on the next odd port)
 * @param sipRtpPortMax        last port of the SIP-side RTP range
 * @param ioThreads            packet I/O threads shared by all calls (no thread per call)
 * @param connectTimeout       ICE + DTLS must complete within this, else {@link MediaListener#mediaFailure}
 * @param mediaTimeout         no RTP received on an armed leg for this long, else {@link MediaListener#mediaFailure}
 * @param opusFec              answer Opus with in-band FEC (useinbandfec=1)
 */
public record MediaConfig(
        String roomBindAddress,
        int roomPort,
        List<String> roomAdvertisedAddresses,
        String sipBindAddress,
        String sipAdvertisedAddress,
        int sipRtpPortMin,
        int sipRtpPortMax,
        int ioThreads,
        Duration connectTimeout,
        Duration mediaTimeout,
        boolean opusFec) {

    public MediaConfig {
        roomAdvertisedAddresses = List.copyOf(roomAdvertisedAddresses);
        if (roomPort < 0 || roomPort > 65535) {
            throw new IllegalArgumentException("roomPort out of range: " + roomPort);
        }
        if (sipRtpPortMin < 1024 || sipRtpPortMax > 65535 || sipRtpPortMin + 1 > sipRtpPortMax) {
            throw new IllegalArgumentException("bad SIP RTP port range " + sipRtpPortMin + "-" + sipRtpPortMax);
        }
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be >= 1");
        }
    }

    /** Loopback defaults for tests and the demo: free room port, a private RTP range. */
    public static MediaConfig loopback(int sipRtpPortMin, int sipRtpPortMax) {
        return new MediaConfig(
                "127.0.0.1",
                0,
                List.of("127.0.0.1"),
                "127.0.0.1",
                "127.0.0.1",
                sipRtpPortMin,
                sipRtpPortMax,
                2,
                Duration.ofSeconds(20),
                Duration.ofSeconds(30),
                true);
    }
}
