package io.dialout.gateway.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;

import io.dialout.gateway.testing.TestAuth;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.build.Jwt;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 9: with auth on, the admin endpoints need a token with the admin role (before: anyone could list
 * every call, hang any up and drain the gateway without a token), and tokens with an absurd lifetime are refused
 * (before: a token valid for ten years opened the WebSocket). Shares {@link AuthTest}'s profile (one start for both).
 */
@QuarkusTest
@TestProfile(TestAuth.On.class)
class AdminAuthTest {

    @TestHTTPResource("/v1/dialout")
    URI http;

    static String admin() {
        return Jwt.issuer(TestAuth.ISSUER)
                .subject("ops")
                .groups(Set.of("dialout-admin"))
                .expiresIn(Duration.ofMinutes(5))
                .sign("auth/privateKey.pem");
    }

    @Test
    void withoutATokenTheAdminEndpointsAnswer401() {
        given().get("/v1/calls").then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
        given().delete("/v1/calls/some-id").then().statusCode(401);
        given().post("/v1/admin/drain").then().statusCode(401);
        given().get("/v1/admin/drain").then().statusCode(401);
        given().header("Authorization", "Bearer garbage")
                .get("/v1/calls")
                .then()
                .statusCode(401);
        // the query parameter that browsers use on the WebSocket is not taken here (it would end up in access logs)
        given().queryParam("access_token", admin()).get("/v1/calls").then().statusCode(401);
    }

    @Test
    void aRoomTokenWithoutTheRoleAnswers403() {
        String room = TestAuth.token(List.of("*"));
        given().header("Authorization", "Bearer " + room)
                .get("/v1/calls")
                .then()
                .statusCode(403)
                .header("WWW-Authenticate", containsString("insufficient_scope"));
        given().header("Authorization", "Bearer " + room)
                .post("/v1/admin/drain")
                .then()
                .statusCode(403);
        given().header("Authorization", "Bearer " + room)
                .delete("/v1/calls/x")
                .then()
                .statusCode(403);
    }

    @Test
    void anAdminTokenIsLetIn() {
        String admin = admin();
        given().header("Authorization", "Bearer " + admin)
                .get("/v1/calls")
                .then()
                .statusCode(200);
        given().header("Authorization", "Bearer " + admin)
                .get("/v1/admin/drain")
                .then()
                .statusCode(200)
                .body(containsString("\"draining\":false"));
        given().header("Authorization", "Bearer " + admin)
                .delete("/v1/calls/none")
                .then()
                .statusCode(404);
    }

    @Test
    void tokensWithAnAbsurdLifetimeAreRefused() {
        long now = System.currentTimeMillis() / 1000;
        String tenYears = Jwt.issuer(TestAuth.ISSUER)
                .subject("room-42")
                .claim("dialout_allow", List.of("*"))
                .issuedAt(now)
                .expiresAt(now + 10L * 365 * 24 * 3600)
                .sign("auth/privateKey.pem");
        URI ws = URI.create(http.toString().replaceFirst("^http", "ws"));
        assertThatThrownBy(() -> DialoutClient.connect(ws, Map.of("Authorization", "Bearer " + tenYears)))
                .satisfies(e -> assertThat(AuthTest.upgradeStatus(e)).isEqualTo(401));
        String adminForever = Jwt.issuer(TestAuth.ISSUER)
                .subject("ops")
                .groups(Set.of("dialout-admin"))
                .issuedAt(now)
                .expiresAt(now + 10L * 365 * 24 * 3600)
                .sign("auth/privateKey.pem");
        given().header("Authorization", "Bearer " + adminForever)
                .get("/v1/calls")
                .then()
                .statusCode(401);
    }
}
