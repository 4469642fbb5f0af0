package io.dialout.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.gateway.dialplan.Refusal;
import io.dialout.gateway.dialplan.Route;
import io.dialout.gateway.dialplan.Router;
import io.dialout.gateway.dialplan.Routing;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DemoRouterTest {

    /** Marks what reached the next router. */
    static final Router NEXT = to -> next(to);

    static Refusal next(String to) {
        return new Refusal(Refusal.Kind.NO_ROUTE, "next:" + to);
    }

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
        Routing r = on(5070).route(to);
        assertThat(r).isInstanceOf(Route.class);
        Route routed = (Route) r;
        assertThat(routed.requestUri()).isEqualTo(uri);
        assertThat(routed.trunk().transport()).isEqualTo("udp");
        assertThat(routed.trunk().hasCredentials()).isFalse();
        assertThat(routed.trunk().outboundProxy()).isNull();
        assertThat(routed.sipLeg().srtp()).as("the demo has no SRTP keys").isFalse();
        assertThat(routed.sipLeg().video()).isTrue();
        assertThat(routed.sipLeg().g711Only()).isFalse();
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
        assertThat(on(5070).route(to)).isEqualTo(next(to));
        assertThat(OFF.route(to)).isEqualTo(next(to));
    }

    @Test
    void whenTheDemoIsOffDemoDestinationsAreRefused() {
        Routing r = OFF.route("sip:echo@demo");
        assertThat(r).isInstanceOf(Refusal.class);
        assertThat(((Refusal) r).reason()).contains("gateway.demo.enabled=false");
    }

    @Test
    void sipsIsRefusedAsTheDemoHasNoTls() {
        Routing r = on(5070).route("sips:echo@demo");
        assertThat(r).isInstanceOf(Refusal.class);
        assertThat(((Refusal) r).reason()).contains("no TLS");
    }
}
