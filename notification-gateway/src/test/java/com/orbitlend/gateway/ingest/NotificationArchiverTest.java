package com.orbitlend.gateway.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.events.CloudEvent;
import com.orbitlend.events.DeadLetterHeaders;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.Topics;
import com.orbitlend.events.loan.LoanApproved;
import com.orbitlend.events.notification.AdminNotificationData;
import com.orbitlend.events.notification.LoanStatusData;
import com.orbitlend.events.notification.Notification;
import com.orbitlend.gateway.GatewaySocketTest;
import com.orbitlend.gateway.GatewayTestProfile;
import com.orbitlend.gateway.TestEvents;
import com.orbitlend.testkit.jwt.TestJwt;
import com.orbitlend.testkit.kafka.TestTopics;
import com.orbitlend.testkit.ws.TestSocket;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.orbitlend.testkit.kafka.TestTopics.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The notifications topic into the archive, and its dead letters. */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class NotificationArchiverTest extends GatewaySocketTest {

    @Inject
    AgroalDataSource dataSource;

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
        try (TestSocket socket = TestSocket.connect(ws, TestJwt.token(user, "user"))) {
            String garbage = "{\"id\":\"" + UUID.randomUUID() + "\",\"channel\":\"" + channel + "\"}";
            TestTopics.produce(Topics.NOTIFICATIONS, channel, garbage);
            Notification valid = new Notification(UUID.randomUUID().toString(), channel, "loan:status",
                    EventJson.mapper().valueToTree(new LoanStatusData("loan-d", user, LoanStatusData.Status.APPROVED,
                            BigDecimal.ONE, null, Instant.now())), Instant.now(), null);
            TestTopics.produce(Topics.NOTIFICATIONS, channel, EventJson.write(valid));

            JsonNode frame = socket.awaitFrame(f -> valid.id().equals(f.path("id").asText()));
            assertThat(frame.path("data").path("loanId").asText()).isEqualTo("loan-d");
            assertThat(socket.events()).hasSize(1);

            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                ConsumerRecord<String, String> dead = TestTopics.readAll(Topics.NOTIFICATIONS_DLQ).stream()
                        .filter(r -> garbage.equals(r.value())).findFirst().orElseThrow();
                assertThat(header(dead, DeadLetterHeaders.REASON)).contains("Not a valid notification");
                assertThat(header(dead, DeadLetterHeaders.CONSUMER)).isEqualTo("notification-gateway-archiver");
                assertThat(header(dead, DeadLetterHeaders.TOPIC)).isEqualTo(Topics.NOTIFICATIONS);
                assertThat(rows(channel)).hasSize(1);
            });
        }
    }

    @Test
    void anotherProducersSystemAlertReachesAdminsOnly() throws Exception {
        try (TestSocket admin = TestSocket.connect(ws, TestJwt.token("ops-" + UUID.randomUUID(), "admin"));
                TestSocket user = TestSocket.connect(ws, TestJwt.token("u-" + UUID.randomUUID(), "user"))) {
            Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Notification alert = new Notification(UUID.randomUUID().toString(), "role:admin", "admin:notification",
                    EventJson.mapper().valueToTree(new AdminNotificationData(AdminNotificationData.Type.SYSTEM_ALERT,
                            "Kafka lag above threshold", EventJson.mapper().createObjectNode().put("lag", 1200), at)),
                    at, null);
            TestTopics.produce(Topics.NOTIFICATIONS, "role:admin", EventJson.write(alert));

            JsonNode frame = admin.awaitFrame(f -> alert.id().equals(f.path("id").asText()));
            assertThat(frame.path("event").asText()).isEqualTo("admin:notification");
            assertThat(frame.path("channel").asText()).isEqualTo("role:admin");
            assertThat(frame.path("timestamp").asText()).isEqualTo(at.toString());
            assertThat(frame.path("data").path("type").asText()).isEqualTo("system_alert");
            assertThat(frame.path("data").path("data").path("lag").asInt()).isEqualTo(1200);
            await().atMost(Duration.ofSeconds(30)).until(() -> rows("role:admin").stream()
                    .anyMatch(row -> row[1].contains(alert.id())));
            Thread.sleep(300);
            assertThat(user.events()).isEmpty();
        }
    }

    @Test
    void malformedRecordsOfOtherProducersAreDeadLetteredOnceWithTheirReasonAndNeverDelivered() throws Exception {
        String user = "external-" + UUID.randomUUID();
        String channel = "user:" + user;
        JsonNode status = EventJson.mapper().valueToTree(new LoanStatusData("loan-x", user,
                LoanStatusData.Status.APPROVED, BigDecimal.ONE, null, Instant.now()));
        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put(external(channel, "loan:exploded", status), "Unknown event 'loan:exploded'");
        reasons.put(external(channel, "loan:status", EventJson.mapper().createObjectNode().put("loanId", "loan-x")),
                "Invalid data for loan:status");
        reasons.put(external(channel, "admin:notification", status), "Invalid data for admin:notification");
        reasons.put(external("user:someone-" + UUID.randomUUID(), "loan:status", status), "is not the channel " );
        reasons.put("not json at all " + UUID.randomUUID(), "Not a valid notification");
        try (TestSocket socket = TestSocket.connect(ws, TestJwt.token(user, "user"))) {
            reasons.keySet().forEach(value -> TestTopics.produce(Topics.NOTIFICATIONS, channel, value));
            Notification valid = new Notification(UUID.randomUUID().toString(), channel, "loan:status", status,
                    Instant.now(), null);
            TestTopics.produce(Topics.NOTIFICATIONS, channel, EventJson.write(valid));

            socket.awaitFrame(f -> valid.id().equals(f.path("id").asText()));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<ConsumerRecord<String, String>> dlq = TestTopics.readAll(Topics.NOTIFICATIONS_DLQ);
                reasons.forEach((value, reason) -> {
                    List<ConsumerRecord<String, String>> dead = dlq.stream().filter(r -> value.equals(r.value())).toList();
                    assertThat(dead).as(value).hasSize(1);
                    assertThat(header(dead.get(0), DeadLetterHeaders.REASON)).as(value).contains(reason);
                    assertThat(header(dead.get(0), DeadLetterHeaders.CONSUMER)).isEqualTo("notification-gateway-archiver");
                    assertThat(dead.get(0).key()).isEqualTo(channel);
                });
            });
            assertThat(rows(channel)).hasSize(1);
            assertThat(socket.events()).extracting(f -> f.path("id").asText()).containsExactly(valid.id());
        }
    }

    private static String external(String channel, String event, JsonNode data) {
        return EventJson.write(new Notification(UUID.randomUUID().toString(), channel, event, data, Instant.now(), null));
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
