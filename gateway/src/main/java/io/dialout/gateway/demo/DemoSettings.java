package io.dialout.gateway.demo;

import io.dialout.demo.DemoConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code gateway.demo.*}: the embedded demo SIP endpoint (module {@code demo/}, docs/demo.md). Off unless enabled;
 * scripts/run.sh and the tests enable it.
 */
@ConfigMapping(prefix = "gateway.demo")
public interface DemoSettings {

    /** Start the demo endpoint on 127.0.0.1 and route {@code sip:<user>@demo} to it. */
    @WithDefault("false")
    boolean enabled();

    /** Its SIP port (UDP and TCP) on 127.0.0.1; 0 picks a free one. */
    @WithDefault("0")
    int sipPort();

    /** First port of its RTP/RTCP range; 0 with {@code rtp-port-max} 0 uses ephemeral ports. */
    @WithDefault("0")
    int rtpPortMin();

    /** Last port of its RTP/RTCP range. */
    @WithDefault("0")
    int rtpPortMax();

    /** The {@code tone} user's frequency. */
    @WithDefault("440")
    double toneHz();

    /**
     * Always loopback: the echo user returns every packet to its source, which on a reachable address would make it
     * a reflector (docs/demo.md).
     */
    default DemoConfig toDemoConfig() {
        return new DemoConfig("127.0.0.1", sipPort(), rtpPortMin(), rtpPortMax(), toneHz());
    }
}
