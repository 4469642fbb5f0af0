package io.dialout.gateway.config;

import io.dialout.media.MediaConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code gateway.media.*}: the media plane, turned into a {@link MediaConfig}. */
@ConfigMapping(prefix = "gateway.media")
public interface MediaSettings {

    /** Address of the one UDP socket shared by every room (ICE, DTLS, SRTP). */
    @WithDefault("127.0.0.1")
    String roomBindAddress();

    /** The shared room-side UDP port; 0 picks a free one. */
    @WithDefault("10000")
    int roomPort();

    /** Addresses announced in the room answer's ICE candidates (behind 1:1 NAT: the public one). */
    Optional<List<String>> roomAdvertisedAddresses();

    /** Address the SIP-side RTP/RTCP sockets bind to. */
    @WithDefault("127.0.0.1")
    String sipBindAddress();

    /** Address put in the SIP SDP c= line; default: the bind address. */
    Optional<String> sipAdvertisedAddress();

    /** First SIP-side RTP port (even). */
    @WithDefault("20000")
    int sipRtpPortMin();

    /** Last SIP-side RTP port. */
    @WithDefault("29999")
    int sipRtpPortMax();

    /** Packet I/O threads shared by all calls. */
    @WithDefault("2")
    int ioThreads();

    /** ICE and DTLS toward the room must complete within this. */
    @WithDefault("20s")
    Duration connectTimeout();

    /** No RTP from the callee for this long ends an answered call with media-failure. */
    @WithDefault("30s")
    Duration mediaTimeout();

    /** Answer Opus with in-band FEC. */
    @WithDefault("true")
    boolean opusFec();

    default MediaConfig toMediaConfig() {
        return new MediaConfig(
                roomBindAddress(),
                roomPort(),
                roomAdvertisedAddresses().orElse(List.of()),
                sipBindAddress(),
                sipAdvertisedAddress().orElse(null),
                sipRtpPortMin(),
                sipRtpPortMax(),
                ioThreads(),
                connectTimeout(),
                mediaTimeout(),
                opusFec());
    }
}
