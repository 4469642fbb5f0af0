package io.dialout.demo.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialout.testkit.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** RTP/RTCP pairs from a configured range (RFC 3550 section 11: even RTP port, RTCP on the next). */
class RtpPortsTest {
    @Test
    void pairsComeFromTheRangeRoundRobin() throws Exception {
        int start = FreePorts.udpRange(4);
        RtpPorts ports = new RtpPorts(InetAddress.getLoopbackAddress(), start, start + 3);
        PortPair a = ports.allocate();
        PortPair b = ports.allocate();
        assertThat(a.rtpPort()).isEqualTo(start);
        assertThat(a.rtcpPort()).isEqualTo(start + 1);
        assertThat(b.rtpPort()).isEqualTo(start + 2);
        assertThatThrownBy(ports::allocate).isInstanceOf(IOException.class);
        a.rtp().close();
        a.rtcp().close();
        PortPair c = ports.allocate(); // the freed pair is found again on the next round
        assertThat(c.rtpPort()).isEqualTo(start);
        for (PortPair p : new PortPair[] {b, c}) {
            p.rtp().close();
            p.rtcp().close();
        }
    }

    @Test
    void ephemeralPortsWhenNoRange() throws Exception {
        PortPair p = new RtpPorts(InetAddress.getLoopbackAddress(), 0, 0).allocate();
        assertThat(p.rtpPort()).isPositive();
        assertThat(p.rtcpPort()).isPositive().isNotEqualTo(p.rtpPort());
        p.rtp().close();
        p.rtcp().close();
    }
}
