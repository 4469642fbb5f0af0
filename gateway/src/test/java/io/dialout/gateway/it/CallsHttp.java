package io.dialout.gateway.it;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.List;

/** GET /v1/calls of the gateway under test (RestAssured's base URI, set by Quarkus for its tests). */
final class CallsHttp {

    private CallsHttp() {}

    /** The calls the gateway lists now. */
    static List<Object> calls() {
        return given().get("/v1/calls")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }

    /**
     * Polls until the gateway lists no call or {@code max} has passed (a call is removed just after its {@code ended};
     * there is no event for "no call left"); returns what it lists last.
     */
    static List<Object> awaitNoCalls(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        List<Object> calls = calls();
        while (!calls.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50); // polling an HTTP resource under a deadline: there is no event to wait on
            calls = calls();
        }
        return calls;
    }
}
