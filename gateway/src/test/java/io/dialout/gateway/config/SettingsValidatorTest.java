package io.dialout.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The start-up checks, over the real config mappings built from a set of properties. */
class SettingsValidatorTest {

    private static SettingsValidator validator(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(LimitsSettings.class)
                .withMapping(MediaSettings.class)
                .withMapping(SipSettings.class)
                .withMapping(DialPlanSettings.class)
                .withConverter(Duration.class, 100, new DurationConverter()) // "30s", as Quarkus reads it
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        SettingsValidator v = new SettingsValidator();
        v.limits = config.getConfigMapping(LimitsSettings.class);
        v.media = config.getConfigMapping(MediaSettings.class);
        v.sip = config.getConfigMapping(SipSettings.class);
        v.dialPlan = config.getConfigMapping(DialPlanSettings.class);
        return v;
    }

    private static List<InetAddress> addresses(String... a) throws UnknownHostException {
        InetAddress[] out = new InetAddress[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = InetAddress.getByName(a[i]);
        }
        return List.of(out);
    }

    @Test
    void theDefaultsAreFine() throws Exception {
        SettingsValidator v = validator(Map.of());
        assertThat(v.problems()).isEmpty();
        assertThat(v.warnings(addresses("127.0.0.1", "192.0.2.10", "198.51.100.7")))
                .isEmpty();
    }

    @Test
    void aWildcardSipBindWithoutAnAdvertisedAddressNamesTheSettingAndItsEnvironmentVariable() {
        List<String> problems = validator(Map.of(
                        "gateway.sip.bind-address", "0.0.0.0",
                        "gateway.media.sip-bind-address", "0.0.0.0"))
                .problems();
        assertThat(problems)
                .containsExactly(
                        "gateway.sip.advertised-address (environment variable GATEWAY_SIP_ADVERTISED_ADDRESS) must be"
                                + " set when gateway.sip.bind-address is 0.0.0.0: it goes in Via and Contact, where"
                                + " the trunk sends its responses and in-dialog requests",
                        "gateway.media.sip-advertised-address (environment variable"
                                + " GATEWAY_MEDIA_SIP_ADVERTISED_ADDRESS) must be set when"
                                + " gateway.media.sip-bind-address is 0.0.0.0: it goes in the c= line of the SDP toward"
                                + " SIP, where the trunk sends its RTP");
    }

    @Test
    void aBlankAdvertisedAddressCountsAsMissingAndIPv6WildcardToo() {
        assertThat(validator(Map.of("gateway.sip.bind-address", "::", "gateway.sip.advertised-address", " "))
                        .problems())
                .singleElement()
                .asString()
                .startsWith("gateway.sip.advertised-address (environment variable GATEWAY_SIP_ADVERTISED_ADDRESS)")
                .contains("gateway.sip.bind-address is ::");
    }

    @Test
    void wildcardBindsWithAdvertisedAddressesAreFine() {
        assertThat(validator(Map.of(
                                "gateway.sip.bind-address", "0.0.0.0",
                                "gateway.sip.advertised-address", "203.0.113.10",
                                "gateway.media.sip-bind-address", "0.0.0.0",
                                "gateway.media.sip-advertised-address", "203.0.113.10"))
                        .problems())
                .isEmpty();
    }

    @Test
    void roomAdvertisedAddressNotOnThisHostWithAWildcardBindIsWarnedAbout() throws Exception {
        SettingsValidator v = validator(Map.of(
                "gateway.media.room-bind-address", "0.0.0.0",
                "gateway.media.room-advertised-addresses", "203.0.113.10"));
        assertThat(v.problems()).isEmpty();
        assertThat(v.warnings(addresses("127.0.0.1", "192.0.2.10")))
                .singleElement()
                .asString()
                .contains("203.0.113.10 is not an address of this host (its addresses: 192.0.2.10)")
                .contains("NAT")
                .contains("ICE fails");
        // The same address on this host: nothing to say when it is the only one the kernel can pick.
        assertThat(v.warnings(addresses("127.0.0.1", "203.0.113.10"))).isEmpty();
    }

    @Test
    void roomAdvertisedAddressBesideOtherAddressesOfThisHostAsksForABind() throws Exception {
        SettingsValidator v = validator(Map.of(
                "gateway.media.room-bind-address", "0.0.0.0",
                "gateway.media.room-advertised-addresses", "192.0.2.10"));
        assertThat(v.warnings(addresses("127.0.0.1", "192.0.2.10", "198.51.100.7", "fe80::1")))
                .singleElement()
                .asString()
                .contains("several addresses (192.0.2.10, 198.51.100.7)")
                .contains("gateway.media.room-bind-address=192.0.2.10 (environment variable"
                        + " GATEWAY_MEDIA_ROOM_BIND_ADDRESS)");
    }

    @Test
    void noWarningWhenTheRoomPortIsBoundToAnAddressOrNothingIsAdvertisedOrItIsLoopback() throws Exception {
        List<InetAddress> host = addresses("127.0.0.1", "192.0.2.10", "198.51.100.7");
        assertThat(validator(Map.of(
                                "gateway.media.room-bind-address", "192.0.2.10",
                                "gateway.media.room-advertised-addresses", "203.0.113.10"))
                        .warnings(host))
                .isEmpty();
        assertThat(validator(Map.of("gateway.media.room-bind-address", "0.0.0.0"))
                        .warnings(host))
                .isEmpty();
        assertThat(validator(Map.of(
                                "gateway.media.room-bind-address", "0.0.0.0",
                                "gateway.media.room-advertised-addresses", "127.0.0.1"))
                        .warnings(host))
                .isEmpty();
    }

    @Test
    void environmentVariableNames() {
        assertThat(AdvertisedAddresses.envName("gateway.media.room-advertised-addresses"))
                .isEqualTo("GATEWAY_MEDIA_ROOM_ADVERTISED_ADDRESSES");
    }
}
