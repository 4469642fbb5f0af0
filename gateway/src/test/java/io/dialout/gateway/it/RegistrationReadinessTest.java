package io.dialout.gateway.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.dialout.gateway.sip.KamailioRegistrar;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 14: a trunk configured with {@code register=true} registers at Kamailio when the gateway starts;
 * readiness says so per trunk ({@code dialout-sip-registrations}) and /q/metrics has {@code dialout_sip_registered}.
 * A second trunk whose registrar refuses our credentials keeps readiness DOWN and counts its failures.
 */
@QuarkusTest
@TestProfile(RegistrationReadinessTest.TwoRegisteringTrunks.class)
class RegistrationReadinessTest {

    static final String PASSWORD = "ready-Pa55word";

    public static class TwoRegisteringTrunks implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Registrar.class));
        }
    }

    /** Kamailio for the gateway's whole life in this profile: started before it, stopped after it. */
    public static class Registrar implements QuarkusTestResourceLifecycleManager {
        static volatile KamailioRegistrar kamailio;

        @Override
        public Map<String, String> start() {
            try {
                kamailio = new KamailioRegistrar(PASSWORD, 2, false, 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            String t = "gateway.dialplan.trunks.";
            return Map.ofEntries(
                    Map.entry(t + "good.host", kamailio.registrar()),
                    Map.entry(t + "good.username", "good-gw"),
                    Map.entry(t + "good.password", PASSWORD),
                    Map.entry(t + "good.register", "true"),
                    Map.entry(t + "good.register-domain", "registrar.test"),
                    Map.entry(t + "bad.host", kamailio.registrar()),
                    Map.entry(t + "bad.username", "bad-gw"),
                    Map.entry(t + "bad.password", "not-the-password"),
                    Map.entry(t + "bad.register", "true"),
                    Map.entry(t + "bad.register-retry-min", "100ms"),
                    Map.entry(t + "bad.register-retry-max", "200ms"));
        }

        @Override
        public void stop() {
            kamailio.close();
        }
    }

    @Test
    void readinessAndMetricsShowEachTrunksRegistration() throws Exception {
        KamailioRegistrar k = Registrar.kamailio;
        k.await(Pattern.compile("REGISTER-OK user=good-gw "), Duration.ofSeconds(15));
        // the bad trunk fails on every attempt; wait until it has failed at least twice
        k.await(Pattern.compile("REG-CHALLENGE user=bad-gw "), 4, Duration.ofSeconds(15));
        JsonPath ready = awaitReady(j -> j.getString("checks.find { it.name == 'dialout-sip-registrations' }.data.good")
                .startsWith("registered"));
        Map<String, Object> data = ready.getMap("checks.find { it.name == 'dialout-sip-registrations' }.data");
        assertThat(ready.getString("checks.find { it.name == 'dialout-sip-registrations' }.status"))
                .isEqualTo("DOWN");
        assertThat((String) data.get("good")).startsWith("registered, last 200 OK, expires in ");
        assertThat((String) data.get("bad")).startsWith("failed, last 401").contains("failed in a row");
        assertThat(ready.getString("checks.find { it.name == 'dialout-sip-registrations' }.toString()"))
                .doesNotContain(PASSWORD)
                .doesNotContain("not-the-password");

        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .containsPattern("dialout_sip_registered\\{trunk=\"good\"} 1\\.0")
                .containsPattern("dialout_sip_registered\\{trunk=\"bad\"} 0\\.0")
                .containsPattern("dialout_sip_registration_failures_total\\{trunk=\"bad\"} [1-9]");
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
    }

    private static JsonPath awaitReady(java.util.function.Predicate<JsonPath> p) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        JsonPath last = null;
        while (System.nanoTime() < deadline) {
            last = given().get("/q/health/ready").then().extract().jsonPath();
            if (p.test(last)) {
                return last;
            }
            Thread.sleep(100); // a bounded poll: readiness has no event to wait on
        }
        throw new AssertionError("readiness never matched: " + (last == null ? null : last.prettify()));
    }
}
