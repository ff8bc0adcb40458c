package com.orbitlend.marketplace;

import com.orbitlend.events.Topics;
import com.orbitlend.marketplace.service.NoteRegistration;
import com.orbitlend.testkit.kafka.TestTopics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static com.orbitlend.testkit.metrics.PrometheusText.value;
import static com.orbitlend.testkit.metrics.PrometheusText.valueOrZero;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** /q/metrics shows the outbox and dead letters; /q/openapi documents the bearer scheme and problems. */
@QuarkusTest
@TestProfile(MarketplaceTestProfile.class)
class ObservabilityTest {

    @Test
    void outboxGaugesAndDeadLettersAreExposed() {
        Map<String, String> ingest = Map.of("consumer", NoteRegistration.CONSUMER, "topic", Topics.LOAN_EVENTS);
        double before = valueOrZero(metrics(), "orbitlend_dead_letters_total", ingest);

        TestTopics.produce(Topics.LOAN_EVENTS, "loan-" + UUID.randomUUID(), "{not a cloud event");

        await().atMost(Duration.ofSeconds(30)).until(
                () -> valueOrZero(metrics(), "orbitlend_dead_letters_total", ingest) == before + 1);
        String metrics = metrics();
        assertThat(value(metrics, "orbitlend_outbox_pending", Map.of())).isPresent();
        assertThat(value(metrics, "orbitlend_outbox_oldest_pending_age_seconds", Map.of())).isPresent();
        assertThat(metrics).contains("kafka_consumer_fetch_manager_records_lag");
    }

    @Test
    void theOpenApiDocumentHasTheBearerSchemeAndProblemResponses() {
        JsonPath api = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();

        assertThat(api.getString("components.securitySchemes.bearer.scheme")).isEqualTo("bearer");
        String purchase = "paths.'/api/marketplace/notes/{nftId}/purchase'.post";
        assertThat(api.getList(purchase + ".security.bearer")).isNotNull();
        assertThat(api.getString(purchase + ".responses.'409'.content.'application/problem+json'.schema.$ref"))
                .isEqualTo("#/components/schemas/Problem");
        assertThat(api.getMap(purchase + ".responses")).containsKeys("401", "403", "404");
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
