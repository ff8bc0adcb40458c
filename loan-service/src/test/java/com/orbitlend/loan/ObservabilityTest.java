package com.orbitlend.loan;

import com.orbitlend.kit.outbox.OutboxRelay;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static com.orbitlend.testkit.metrics.PrometheusText.value;
import static com.orbitlend.testkit.metrics.PrometheusText.valueOrZero;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** /q/metrics shows the outbox backlog, publishing, dead letters and Kafka clients; /q/openapi documents the API. */
@QuarkusTest
@TestProfile(LoanServiceTestProfile.class)
class ObservabilityTest {

    private static final Map<String, String> PROJECTION = Map.of("consumer", "loan-service-kyc-projection",
            "topic", "orbitlend.kyc.events");

    @Inject
    OutboxRelay relay;

    @Test
    void theOutboxBacklogGrowsWhileTheRelayIsPausedAndDrainsAfter() {
        double publishedBefore = valueOrZero(metrics(), "orbitlend_outbox_published_total", Map.of());
        relay.pause();
        try {
            LoanApi.requestLoan(LoanApi.newUser());
            await().atMost(Duration.ofSeconds(20)).until(
                    () -> value(metrics(), "orbitlend_outbox_pending", Map.of()).orElse(0) >= 1
                            && value(metrics(), "orbitlend_outbox_oldest_pending_age_seconds", Map.of()).isPresent());
        } finally {
            relay.resume();
            relay.wake();
        }
        await().atMost(Duration.ofSeconds(20)).until(
                () -> value(metrics(), "orbitlend_outbox_pending", Map.of()).orElse(-1) == 0
                        && value(metrics(), "orbitlend_outbox_oldest_pending_age_seconds", Map.of()).orElse(-1) == 0
                        && valueOrZero(metrics(), "orbitlend_outbox_published_total", Map.of()) > publishedBefore);
        // the relay's producer reports its Kafka client meters too
        assertThat(metrics()).contains("kafka_producer_");
    }

    @Test
    void aDeadLetterIsCountedByConsumerAndSourceTopic() {
        double before = valueOrZero(metrics(), "orbitlend_dead_letters_total", PROJECTION);

        KycEvents.publishRaw("user-" + System.nanoTime(), "{not a cloud event");

        await().atMost(Duration.ofSeconds(30)).until(
                () -> valueOrZero(metrics(), "orbitlend_dead_letters_total", PROJECTION) == before + 1);
        // the projection's consumer and its lag, from the Kafka client binder
        assertThat(metrics()).contains("kafka_consumer_fetch_manager_records_lag");
    }

    @Test
    void theOpenApiDocumentHasTheBearerSchemeAndProblemResponses() {
        JsonPath api = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();

        assertThat(api.getString("components.securitySchemes.bearer.type")).isEqualTo("http");
        assertThat(api.getString("components.securitySchemes.bearer.scheme")).isEqualTo("bearer");
        assertThat(api.getString("components.securitySchemes.bearer.bearerFormat")).isEqualTo("JWT");
        assertThat(api.getList("paths.'/api/loans'.post.security.bearer")).isNotNull();
        assertThat(api.getString("paths.'/api/loans'.post.responses.'400'.content.'application/problem+json'.schema.$ref"))
                .isEqualTo("#/components/schemas/Problem");
        assertThat(api.getString("paths.'/api/admin/loans/{id}/approve'.post.responses.'409'.content.'application/problem+json'.schema.$ref"))
                .isEqualTo("#/components/schemas/Problem");
        assertThat(api.getMap("paths.'/api/loans'.post.responses")).containsKeys("401", "403");
        assertThat(api.getList("components.schemas.Problem.required")).contains("type", "title", "status");
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
