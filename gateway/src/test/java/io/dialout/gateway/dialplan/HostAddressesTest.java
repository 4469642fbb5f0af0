package io.dialout.gateway.dialplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every reading of an IPv4 literal (inet_aton(3) and plain decimal) is returned; names are left to DNS. */
class HostAddressesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "127.0.0.2          | 127.0.0.2",
                "127.2              | 127.0.0.2",
                "127.0.2            | 127.0.0.2",
                "2130706434         | 127.0.0.2",
                "0x7f000002         | 127.0.0.2",
                "0x7f.0.0.2         | 127.0.0.2",
                "127.000.000.002    | 127.0.0.2",
                "127.000.000.010    | 127.0.0.8 127.0.0.10",
                "0177.0.0.1         | 127.0.0.1 177.0.0.1",
                "10.0.0.1.          | 10.0.0.1",
                "[::ffff:127.0.0.2] | 127.0.0.2",
                "[2001:db8::1]      | 2001:db8:0:0:0:0:0:1",
                "256.0.0.1          | ''",
                "1.2.3.4.5          | ''",
                "0x                 | 0.0.0.0",
            })
    void literals(String host, String expected) {
        List<InetAddress> got = HostAddresses.literal(host);
        assertThat(got).isNotNull();
        assertThat(got.stream().map(InetAddress::getHostAddress).toList())
                .containsExactlyInAnyOrderElementsOf(expected.isEmpty() ? List.of() : List.of(expected.split(" ")));
    }

    @ParameterizedTest
    @CsvSource({"carrier.example", "localhost", "1.2.3.example", "0x7f.example"})
    void namesAreNotLiterals(String host) {
        assertThat(HostAddresses.literal(host)).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"::ffff:7f00:1, 127.0.0.1", "64:ff9b::a00:1, 10.0.0.1", "2002:a9fe:a9fe::1, 169.254.169.254"})
    void embeddedIpv4(String v6, String v4) throws Exception {
        assertThat(
                        HostAddresses.embeddedIpv4(InetAddress.getByName(v6)) == null
                                ? InetAddress.getByName(v6).getHostAddress()
                                : HostAddresses.embeddedIpv4(InetAddress.getByName(v6))
                                        .getHostAddress())
                .isEqualTo(v4);
    }
}
