package com.orbitlend.gateway.metrics;

import com.orbitlend.events.Topics;
import com.orbitlend.events.loan.LoanApproved;
import com.orbitlend.gateway.GatewaySocketTest;
import com.orbitlend.gateway.GatewayTestProfile;
import com.orbitlend.gateway.TestEvents;
import com.orbitlend.gateway.ingest.FanOutAssignment;
import com.orbitlend.testkit.jwt.TestJwt;
import com.orbitlend.testkit.kafka.TestTopics;
import com.orbitlend.testkit.ws.TestSocket;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class GatewayMetricsTest extends GatewaySocketTest {

    @TestHTTPResource("/q/metrics")
    URI metrics;

    @Inject
    FanOutAssignment assignment;

    @Test
    void sessionsDeliveriesClosesAndResumesAreExposedForPrometheus() throws Exception {
        String user = "metrics-" + UUID.randomUUID();
        double deliveredBefore = value("orbitlend_gateway_deliveries_total");
        double invalidBefore = value("orbitlend_gateway_resumes_total\\{outcome=\"invalid_cursor\"");
        try (TestSocket socket = TestSocket.connect(ws, TestJwt.token(user, "user"))) {
            assertThat(value("orbitlend_gateway_sessions")).isGreaterThanOrEqualTo(1);
            TestEvents.publish(new LoanApproved("loan-metrics", user, BigDecimal.ONE, "admin-1"));
            socket.awaitEvent("loan:status", "loanId", "loan-metrics");
            assertThat(value("orbitlend_gateway_deliveries_total")).isGreaterThanOrEqualTo(deliveredBefore + 1);
        }
        try (TestSocket ignored = TestSocket.resume(ws, TestJwt.token(user, "user"), "not-a-cursor")) {
            ignored.awaitFrame(f -> "resumed".equals(f.path("type").asText()));
            assertThat(value("orbitlend_gateway_resumes_total\\{outcome=\"invalid_cursor\""))
                    .isEqualTo(invalidBefore + 1);
        }
        await().atMost(Duration.ofSeconds(10)).until(
                () -> value("orbitlend_gateway_session_closes_total\\{code=\"1000\"") >= 2);
    }

    @Test
    void fanOutLagIsExposedPerPartitionOfTheNotificationsTopic() throws Exception {
        // the fan-out is live and reads every partition: each has a lag gauge, and it returns to 0
        TestEvents.publish(new LoanApproved("loan-lag", "lag-" + UUID.randomUUID(), BigDecimal.ONE, "admin-1"));
        int partitions = assignment.partitions();
        assertThat(partitions).isPositive();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            for (int p = 0; p < partitions; p++) {
                assertThat(value("orbitlend_gateway_fanout_lag\\{partition=\"" + p + "\""))
                        .as("partition %d", p).isZero();
                assertThat(scrape()).contains("orbitlend_gateway_fanout_lag{partition=\"" + p + "\"}");
            }
        });
    }

    @Test
    void deadLettersAreCountedByConsumerAndSourceTopic() throws Exception {
        String series = "orbitlend_dead_letters_total\\{consumer=\"notification-gateway-router\",topic=\"orbitlend.loan.events\"";
        double before = value(series);

        TestTopics.produce(Topics.LOAN_EVENTS, "loan-" + UUID.randomUUID(), "{not a cloud event");

        await().atMost(Duration.ofSeconds(30)).until(() -> value(series) == before + 1);
    }

    private double value(String series) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + series + "[^ ]* ([0-9.eE+-]+)$").matcher(scrape());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private String scrape() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
