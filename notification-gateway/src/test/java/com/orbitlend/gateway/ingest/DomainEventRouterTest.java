package com.orbitlend.gateway.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.events.CloudEvent;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.Topics;
import com.orbitlend.events.loan.Collateral;
import com.orbitlend.events.loan.LoanApproved;
import com.orbitlend.events.loan.LoanFunded;
import com.orbitlend.events.loan.LoanRejected;
import com.orbitlend.events.loan.LoanRequested;
import com.orbitlend.gateway.GatewayReady;
import com.orbitlend.gateway.GatewayTestProfile;
import com.orbitlend.gateway.TestEvents;
import com.orbitlend.gateway.TestKafka;
import com.orbitlend.gateway.TestSocket;
import com.orbitlend.gateway.delivery.CursorCodec;
import com.orbitlend.gateway.delivery.Position;
import com.orbitlend.testkit.jwt.TestJwt;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Domain events on Kafka to frames on sockets, through the router and the fan-out. */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class DomainEventRouterTest {

    @TestHTTPResource("/ws")
    URI http;

    @TestHTTPResource("/q/health/ready")
    URI health;

    URI ws;

    @BeforeEach
    void ready() {
        GatewayReady.awaitReady(health);
        ws = TestSocket.wsUri(http);
    }

    @Test
    void loanLifecycleReachesAdminsAndTheBorrowerOnly() throws Exception {
        String borrower = "borrower-" + UUID.randomUUID();
        String loanId = "loan-" + UUID.randomUUID();
        try (TestSocket admin = TestSocket.connect(ws, TestJwt.token("admin-" + UUID.randomUUID(), "user", "admin"));
                TestSocket user = TestSocket.connect(ws, TestJwt.token(borrower, "user"));
                TestSocket other = TestSocket.connect(ws, TestJwt.token("other-" + UUID.randomUUID(), "user"))) {

            CloudEvent requested = TestEvents.publish(new LoanRequested(loanId, borrower, new BigDecimal("1500"), "USDC",
                    "working capital", new Collateral("ETH", new BigDecimal("1.2"))));
            JsonNode loanNew = admin.awaitFrame(f -> loanId.equals(f.path("data").path("loanId").asText())
                    && "loan:new".equals(f.path("event").asText()));
            assertThat(loanNew.path("channel").asText()).isEqualTo("role:admin");
            assertThat(loanNew.path("cursor").asText()).isNotBlank();
            assertThat(loanNew.path("timestamp").asText()).isEqualTo(requested.time().toString());
            JsonNode data = loanNew.path("data");
            assertThat(data.path("userId").asText()).isEqualTo(borrower);
            assertThat(data.path("amount").decimalValue()).isEqualByComparingTo("1500");
            assertThat(data.path("purpose").asText()).isEqualTo("working capital");
            assertThat(data.path("collateral").path("asset").asText()).isEqualTo("ETH");
            assertThat(data.path("timestamp").asText()).isEqualTo(requested.time().toString());

            JsonNode notice = admin.awaitFrame(f -> "admin:notification".equals(f.path("event").asText())
                    && loanId.equals(f.path("data").path("data").path("loanId").asText()));
            assertThat(notice.path("data").path("type").asText()).isEqualTo("loan_request");
            assertThat(notice.path("data").path("message").asText())
                    .isEqualTo("New loan request: 1500 USDC from " + borrower);

            TestEvents.publish(new LoanApproved(loanId, borrower, new BigDecimal("1500"), "admin-1"));
            TestEvents.publish(new LoanRejected(loanId, borrower, new BigDecimal("1500"), "collateral too volatile", "admin-1"));
            TestEvents.publish(new LoanFunded(loanId, borrower, new BigDecimal("1500"), "0xabc", "nft-7"));

            JsonNode funded = user.awaitFrame(f -> "loan:funded".equals(f.path("event").asText()));
            assertThat(funded.path("channel").asText()).isEqualTo("user:" + borrower);
            assertThat(funded.path("data").path("txHash").asText()).isEqualTo("0xabc");
            assertThat(funded.path("data").path("nftId").asText()).isEqualTo("nft-7");
            assertThat(funded.path("data").path("amount").decimalValue()).isEqualByComparingTo("1500");
            List<JsonNode> statuses = user.events("loan:status");
            assertThat(statuses).extracting(f -> f.path("data").path("status").asText())
                    .containsExactly("approved", "rejected");
            assertThat(statuses.get(0).path("data").path("amount").decimalValue()).isEqualByComparingTo("1500");
            assertThat(statuses.get(1).path("data").path("rejectionReason").asText()).isEqualTo("collateral too volatile");
            assertThat(user.events()).extracting(f -> f.path("channel").asText()).containsOnly("user:" + borrower);
            assertThat(admin.events()).extracting(f -> f.path("channel").asText()).containsOnly("role:admin");

            // nothing of the borrower's or the admins' reached another user (I3)
            Thread.sleep(500);
            assertThat(other.events()).isEmpty();
        }
    }

    @Test
    void aBurstKeepsPerChannelAndPerLoanOrder() throws Exception {
        String borrower = "burst-" + UUID.randomUUID();
        try (TestSocket user = TestSocket.connect(ws, TestJwt.token(borrower, "user"))) {
            List<String> loans = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
                String loanId = "loan-" + i + "-" + UUID.randomUUID();
                loans.add(loanId);
                TestEvents.publish(new LoanApproved(loanId, borrower, new BigDecimal(100 + i), "admin-1"));
                TestEvents.publish(new LoanFunded(loanId, borrower, new BigDecimal(100 + i), "0x" + i, "nft-" + i));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> user.events().size() >= 30);
            Thread.sleep(300);
            List<JsonNode> events = user.events();
            assertThat(events).hasSize(30);
            assertThat(events).extracting(f -> f.path("id").asText()).doesNotHaveDuplicates();

            Position previous = null;
            for (JsonNode frame : events) {
                Position position = CursorCodec.decode(frame.path("cursor").asText()).get("user:" + borrower);
                if (previous != null) {
                    assertThat(position.partition()).isEqualTo(previous.partition());
                    assertThat(position.offset()).isGreaterThan(previous.offset());
                }
                previous = position;
            }
            Map<String, List<String>> perLoan = new HashMap<>();
            events.forEach(f -> perLoan.computeIfAbsent(f.path("data").path("loanId").asText(), k -> new ArrayList<>())
                    .add(f.path("event").asText()));
            assertThat(perLoan).hasSize(15);
            perLoan.values().forEach(order -> assertThat(order).containsExactly("loan:status", "loan:funded"));
        }
    }

    @Test
    void aRedeliveredDomainEventIsDeliveredOnce() throws Exception {
        String borrower = "dup-" + UUID.randomUUID();
        try (TestSocket user = TestSocket.connect(ws, TestJwt.token(borrower, "user"))) {
            CloudEvent approved = CloudEvent.wrap("/orbitlend/loan-service",
                    new LoanApproved("loan-dup", borrower, new BigDecimal("10"), "admin-1"), java.time.Instant.now());
            TestEvents.publish(approved);
            TestEvents.publish(approved);
            TestEvents.publish(new LoanFunded("loan-dup", borrower, new BigDecimal("10"), "0xdup", "nft-dup"));

            user.awaitFrame(f -> "loan:funded".equals(f.path("event").asText()));
            Thread.sleep(300);
            assertThat(user.events("loan:status")).hasSize(1);
            // the router did publish it twice (at-least-once), with the same notification id
            List<String> published = TestKafka.readAll(Topics.NOTIFICATIONS).stream()
                    .filter(r -> ("user:" + borrower).equals(r.key()))
                    .map(r -> idOf(r.value())).toList();
            assertThat(published).hasSize(3);
            assertThat(published.get(0)).isEqualTo(published.get(1));
        }
    }

    @Test
    void aMalformedDomainRecordIsDeadLetteredAndConsumptionGoesOn() {
        String borrower = "dlq-" + UUID.randomUUID();
        try (TestSocket user = TestSocket.connect(ws, TestJwt.token(borrower, "user"))) {
            String garbage = "{not json " + UUID.randomUUID();
            TestKafka.produce(Topics.LOAN_EVENTS, "loan-bad", garbage);
            CloudEvent unknown = new CloudEvent("1.0", UUID.randomUUID().toString(), "/elsewhere",
                    "orbitlend.loan.exploded.v1", "loan-bad", java.time.Instant.now(), "application/json",
                    EventJson.mapper().createObjectNode().put("loanId", "loan-bad"));
            TestEvents.publish(unknown);
            TestEvents.publish(new LoanApproved("loan-after-bad", borrower, new BigDecimal("42"), "admin-1"));

            JsonNode after = user.awaitFrame(f -> "loan:status".equals(f.path("event").asText()));
            assertThat(after.path("data").path("loanId").asText()).isEqualTo("loan-after-bad");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<ConsumerRecord<String, String>> dlq = TestKafka.readAll(Topics.NOTIFICATIONS_DLQ);
                ConsumerRecord<String, String> bad = dlq.stream().filter(r -> garbage.equals(r.value()))
                        .findFirst().orElseThrow();
                assertThat(header(bad, DeadLetters.REASON)).contains("Not a valid CloudEvent");
                assertThat(header(bad, DeadLetters.TOPIC)).isEqualTo(Topics.LOAN_EVENTS);
                assertThat(header(bad, DeadLetters.CONSUMER)).isEqualTo("notification-gateway-router");
                assertThat(bad.key()).isEqualTo("loan-bad");
                ConsumerRecord<String, String> unknownType = dlq.stream()
                        .filter(r -> r.value().contains(unknown.id())).findFirst().orElseThrow();
                assertThat(header(unknownType, DeadLetters.REASON)).contains("Unknown event type");
            });
        }
    }

    private static String idOf(String notification) {
        try {
            return EventJson.mapper().readTree(notification).path("id").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
