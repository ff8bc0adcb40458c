package com.orbitlend.gateway.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.events.CloudEvent;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.Topics;
import com.orbitlend.events.loan.LoanApproved;
import com.orbitlend.events.notification.LoanStatusData;
import com.orbitlend.events.notification.Notification;
import com.orbitlend.gateway.GatewayReady;
import com.orbitlend.gateway.GatewayTestProfile;
import com.orbitlend.gateway.TestEvents;
import com.orbitlend.gateway.TestKafka;
import com.orbitlend.gateway.TestSocket;
import com.orbitlend.testkit.jwt.TestJwt;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static com.orbitlend.gateway.ingest.DomainEventRouterTest.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The notifications topic into the archive, and its dead letters. */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class NotificationArchiverTest {

    @TestHTTPResource("/ws")
    URI http;

    @TestHTTPResource("/q/health/ready")
    URI health;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void ready() {
        GatewayReady.awaitReady(health);
    }

    @Test
    void notificationsAreArchivedOnceWithPartitionProgress() throws Exception {
        String borrower = "archived-" + UUID.randomUUID();
        CloudEvent approved = CloudEvent.wrap("/orbitlend/loan-service",
                new LoanApproved("loan-a", borrower, new BigDecimal("77"), "admin-1"),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        TestEvents.publish(approved);
        TestEvents.publish(approved);

        String channel = "user:" + borrower;
        await().atMost(Duration.ofSeconds(30)).until(() -> rows(channel).size() == 1
                && progressCovers(channel));
        Thread.sleep(300);
        List<String[]> rows = rows(channel);
        assertThat(rows).hasSize(1);
        String[] row = rows.get(0);
        assertThat(row[0]).isEqualTo("loan:status");
        JsonNode payload = EventJson.mapper().readTree(row[1]);
        assertThat(payload.path("sourceEventId").asText()).isEqualTo(approved.id());
        assertThat(payload.path("data").path("amount").decimalValue()).isEqualByComparingTo("77");
        assertThat(Instant.parse(row[2])).isEqualTo(approved.time());
    }

    @Test
    void aMalformedNotificationIsDeadLetteredAndDeliveryGoesOn() {
        String user = "direct-" + UUID.randomUUID();
        String channel = "user:" + user;
        try (TestSocket socket = TestSocket.connect(TestSocket.wsUri(http), TestJwt.token(user, "user"))) {
            String garbage = "{\"id\":\"" + UUID.randomUUID() + "\",\"channel\":\"" + channel + "\"}";
            TestKafka.produce(Topics.NOTIFICATIONS, channel, garbage);
            Notification valid = new Notification(UUID.randomUUID().toString(), channel, "loan:status",
                    EventJson.mapper().valueToTree(new LoanStatusData("loan-d", user, LoanStatusData.Status.APPROVED,
                            BigDecimal.ONE, null, Instant.now())), Instant.now(), null);
            TestKafka.produce(Topics.NOTIFICATIONS, channel, EventJson.write(valid));

            JsonNode frame = socket.awaitFrame(f -> valid.id().equals(f.path("id").asText()));
            assertThat(frame.path("data").path("loanId").asText()).isEqualTo("loan-d");
            assertThat(socket.events()).hasSize(1);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                ConsumerRecord<String, String> dead = TestKafka.readAll(Topics.NOTIFICATIONS_DLQ).stream()
                        .filter(r -> garbage.equals(r.value())).findFirst().orElseThrow();
                assertThat(header(dead, DeadLetters.REASON)).contains("Not a valid notification");
                assertThat(header(dead, DeadLetters.CONSUMER)).isEqualTo("notification-gateway-archiver");
                assertThat(header(dead, DeadLetters.TOPIC)).isEqualTo(Topics.NOTIFICATIONS);
                assertThat(rows(channel)).hasSize(1);
            });
        }
    }

    private List<String[]> rows(String channel) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT event, payload::text, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
                        + " FROM notification WHERE channel = ? ORDER BY kafka_offset")) {
            s.setString(1, channel);
            List<String[]> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(new String[] {r.getString(1), r.getString(2), r.getString(3)});
                }
            }
            return rows;
        }
    }

    /** The archive progress of the channel's partition is past its last archived row. */
    private boolean progressCovers(String channel) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT p.next_offset > max(n.kafka_offset) FROM notification n"
                        + " JOIN archive_progress p ON p.partition = n.kafka_partition"
                        + " WHERE n.channel = ? GROUP BY p.next_offset")) {
            s.setString(1, channel);
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }
}
