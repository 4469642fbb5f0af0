package io.dialout.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.gateway.call.Router;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DemoRouterTest {

    /** Marks what reached the next router. */
    static final Router NEXT = to -> new Router.Refused("next:" + to);

    static Router on(int port) {
        return new DemoRouter(() -> OptionalInt.of(port), "127.0.0.1", NEXT);
    }

    static final Router OFF = new DemoRouter(OptionalInt::empty, "127.0.0.1", NEXT);

    @ParameterizedTest
    @CsvSource({
        "sip:echo@demo,                       sip:echo@127.0.0.1:5070",
        "sip:tone@demo.invalid,               sip:tone@127.0.0.1:5070",
        "SIP:IVR@DEMO,                        sip:IVR@127.0.0.1:5070",
        "sip:echo@demo:5060,                  sip:echo@127.0.0.1:5070",
        "sip:echo@demo;transport=tcp,         sip:echo@127.0.0.1:5070",
        "sip:echo@demo.,                      sip:echo@127.0.0.1:5070",
        "sip:+15551234567@demo,               sip:+15551234567@127.0.0.1:5070",
        "' sip:busy@demo ',                   sip:busy@127.0.0.1:5070",
    })
    void demoDestinationsGoToTheDemoOverPlainUdp(String to, String uri) {
        Router.Routing r = on(5070).route(to);
        assertThat(r).isInstanceOf(Router.Routed.class);
        Router.Routed routed = (Router.Routed) r;
        assertThat(routed.requestUri()).isEqualTo(uri);
        assertThat(routed.trunk().transport()).isEqualTo("udp");
        assertThat(routed.trunk().hasCredentials()).isFalse();
        assertThat(routed.trunk().outboundProxy()).isNull();
        assertThat(routed.srtp()).as("the demo has no SRTP keys").isFalse();
        assertThat(routed.video()).isTrue();
        assertThat(routed.g711Only()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sip:echo@demo.example.com",
                "sip:echo@mydemo",
                "sip:echo@127.0.0.1:5070",
                "tel:+15551234567",
                "sip:demo@example.com",
                "sip:@demo",
                "sip:echo@demo.invalid.com"
            })
    void otherDestinationsGoToTheNextRouter(String to) {
        assertThat(on(5070).route(to)).isEqualTo(new Router.Refused("next:" + to));
        assertThat(OFF.route(to)).isEqualTo(new Router.Refused("next:" + to));
    }

    @Test
    void whenTheDemoIsOffDemoDestinationsAreRefused() {
        Router.Routing r = OFF.route("sip:echo@demo");
        assertThat(r).isInstanceOf(Router.Refused.class);
        assertThat(((Router.Refused) r).reason()).contains("gateway.demo.enabled=false");
    }

    @Test
    void sipsIsRefusedAsTheDemoHasNoTls() {
        Router.Routing r = on(5070).route("sips:echo@demo");
        assertThat(r).isInstanceOf(Router.Refused.class);
        assertThat(((Router.Refused) r).reason()).contains("no TLS");
    }
}
