package io.dialout.gateway.it;

import static io.dialout.gateway.it.DialoutClient.dial;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dialout.gateway.testing.TestAuth;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.build.Jwt;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 9: a per-connection and a per-token cap on calls in progress (before, one token could hold every call
 * the gateway has, over one connection or many). The callee is a UDP socket that never answers, so each call stays
 * in progress (trying) until the test closes its connection.
 */
@QuarkusTest
@TestProfile(TestAuth.On.class) // with 2 calls per connection, 3 per token
class CallQuotaTest {

    @TestHTTPResource("/v1/dialout")
    URI http;

    /** The next message of {@code type} (and state) for {@code callId}, skipping the others (their states). */
    private static JsonNode awaitFor(DialoutClient c, String type, String callId, String... state)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode m = c.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (m != null
                    && type.equals(m.path("type").asText())
                    && callId.equals(m.path("callId").asText())
                    && (state.length == 0 || state[0].equals(m.path("state").asText()))) {
                return m;
            }
        }
        throw new AssertionError("no " + type + " for " + callId);
    }

    @Test
    void callsAreCappedPerConnectionAndPerToken() throws Exception {
        String token = Jwt.issuer(TestAuth.ISSUER)
                .subject("room-42")
                .claim("dialout_allow", List.of("*"))
                .expiresIn(Duration.ofMinutes(5))
                .sign("auth/privateKey.pem");
        URI ws = URI.create(http.toString().replaceFirst("^http", "ws"));
        Map<String, String> auth = Map.of("Authorization", "Bearer " + token);
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                DialoutClient a = DialoutClient.connect(ws, auth);
                DialoutClient b = DialoutClient.connect(ws, auth)) {
            String to = "sip:hold@127.0.0.1:" + silent.getLocalPort();
            for (String id : List.of("a1", "a2")) {
                a.send(dial(id, to));
                awaitFor(a, "answer", id);
            }
            a.send(dial("a3", to));
            JsonNode refused = awaitFor(a, "error", "a3");
            assertThat(refused.path("code").asText()).isEqualTo("busy");
            assertThat(refused.path("message").asText()).contains("connection");

            b.send(dial("b1", to));
            awaitFor(b, "answer", "b1");
            b.send(dial("b2", to)); // b holds 1 of its 2, but the token holds 3 of its 3
            JsonNode overToken = awaitFor(b, "error", "b2");
            assertThat(overToken.path("code").asText()).isEqualTo("busy");
            assertThat(overToken.path("message").asText()).contains("token");

            a.send(DialoutClient.message("hangup", "a1"));
            assertThat(awaitFor(a, "state", "a1", "ended").path("cause").asText())
                    .isEqualTo("local-hangup");
            b.send(dial("b3", to)); // a slot of the token is free again
            awaitFor(b, "answer", "b3");
        }
    }
}
