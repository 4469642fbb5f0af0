package io.dialout.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The sipp runner against sipp itself: sipp's built-in UAC calls its built-in UAS. */
class SippTest {
    @Test
    void builtinUacCallsBuiltinUas() {
        try (Sipp uas = Sipp.builtin("uas").start()) {
            assertThat(SocketTable.listening("udp", uas.localPort())).isTrue();
            try (Sipp uac =
                    Sipp.builtin("uac").remote("127.0.0.1:" + uas.localPort()).start()) {
                assertThat(uac.awaitExit(Duration.ofSeconds(30)))
                        .as(uac::output)
                        .isZero();
            }
            assertThat(uas.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(uas.count("^INVITE sip:")).isEqualTo(1);
            assertThat(uas.count("^BYE sip:")).isEqualTo(1);
        }
    }

    @Test
    void tcpTransport() {
        try (Sipp uas = Sipp.builtin("uas").transport("t1").start()) {
            try (Sipp uac = Sipp.builtin("uac")
                    .transport("t1")
                    .remote("127.0.0.1:" + uas.localPort())
                    .start()) {
                assertThat(uac.awaitExit(Duration.ofSeconds(30)))
                        .as(uac::output)
                        .isZero();
            }
            // sipp's built-in UAS counts the call as failed when the TCP peer closes after the BYE, so its exit
            // code says nothing here: check what it received instead.
            uas.awaitExit(Duration.ofSeconds(30));
            assertThat(uas.count("^ACK sip:")).isEqualTo(1);
            assertThat(uas.count("^BYE sip:")).isEqualTo(1);
        }
    }
}
