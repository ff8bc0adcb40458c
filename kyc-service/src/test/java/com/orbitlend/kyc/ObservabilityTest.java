package com.orbitlend.kyc;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static com.orbitlend.testkit.metrics.PrometheusText.value;
import static com.orbitlend.testkit.metrics.PrometheusText.valueOrZero;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** /q/metrics shows the outbox (backlog, age, published); /q/openapi documents the bearer scheme and problems. */
@QuarkusTest
@TestProfile(KycTestProfile.class)
class ObservabilityTest {

    @Test
    void theOutboxIsMeasured() {
        double publishedBefore = valueOrZero(metrics(), "orbitlend_outbox_published_total", Map.of());

        KycApi.submitted(AuthApi.newSession());

        await().atMost(Duration.ofSeconds(20)).until(
                () -> valueOrZero(metrics(), "orbitlend_outbox_published_total", Map.of()) > publishedBefore
                        && value(metrics(), "orbitlend_outbox_pending", Map.of()).orElse(-1) == 0
                        && value(metrics(), "orbitlend_outbox_oldest_pending_age_seconds", Map.of()).orElse(-1) == 0);
        assertThat(metrics()).contains("kafka_producer_").contains("http_server_requests_seconds_count");
    }

    @Test
    void theOpenApiDocumentHasTheBearerSchemeAndProblemResponses() {
        JsonPath api = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();

        assertThat(api.getString("components.securitySchemes.bearer.scheme")).isEqualTo("bearer");
        assertThat(api.getList("paths.'/api/kyc'.post.security.bearer")).isNotNull();
        assertThat(api.getMap("paths.'/api/kyc'.post.responses")).containsKeys("400", "401", "403");
        assertThat(api.getString("paths.'/api/auth/login'.post.responses.'400'.content.'application/problem+json'.schema.$ref"))
                .isEqualTo("#/components/schemas/Problem");
        // login is public: no bearer requirement, so no 401/403 documented for the token
        assertThat(api.getList("paths.'/api/auth/login'.post.security")).isNull();
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
