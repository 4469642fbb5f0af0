package io.dialout.gateway.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The HTTP API is described by an OpenAPI document at /q/openapi. */
@QuarkusTest
class OpenApiTest {
    @Test
    void documentsTheCallsApi() {
        given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body(containsString("\"/v1/calls\""))
                .body(containsString("\"/v1/calls/{id}\""))
                .body(containsString("\"delete\""));
    }
}
