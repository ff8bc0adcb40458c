package com.orbitlend.gateway.archive;

import com.orbitlend.events.Topics;
import com.orbitlend.gateway.GatewayTestProfile;
import com.orbitlend.testkit.kafka.TestTopics;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The archive-lag gauge: one series per partition at /q/metrics, back to 0 once the archive caught up. */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class ArchiveLagTest {

    @Inject
    ArchiveLag lag;

    @TestHTTPResource("/q/metrics")
    URI metrics;

    @Test
    void reportsEachPartitionsUnarchivedRecords() throws Exception {
        TestTopics.produce(Topics.NOTIFICATIONS, "role:admin", "not a notification");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<Integer, Long> now = lag.update();
            assertThat(now).hasSize(3);
            assertThat(now.values()).containsOnly(0L);
        });
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(body).contains("orbitlend_gateway_archive_lag{partition=\"0\"} 0.0")
                .contains("orbitlend_gateway_archive_lag{partition=\"2\"}");
    }
}
