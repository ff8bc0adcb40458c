package com.orbitlend.gateway.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orbitlend.events.DeadLetterHeaders;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.Topics;
import com.orbitlend.events.notification.LoanStatusData;
import com.orbitlend.gateway.GatewaySocketTest;
import com.orbitlend.gateway.GatewayTestProfile;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static com.orbitlend.testkit.kafka.TestTopics.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Poison on the notifications topic: a seeded mix of good records and every known kind of bad one. Each good
 * record (also after a bad one, in the same batch) is archived once, each bad one is dead-lettered by the archiver
 * with its reason, the progress moves past all of them, and liveness stays UP throughout.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class NotificationFuzzTest extends GatewaySocketTest {

    private static final int RECORDS = 240;
    /** Ids with this prefix pass every check but the database refuses them (a constraint added by the test). */
    private static final String DB_REFUSES = "db-refuses-";

    @Inject
    AgroalDataSource dataSource;

    @TestHTTPResource("/q/health/live")
    URI live;

    /** What the archiver should do with a record: archive id, or dead-letter with a reason containing text. */
    private record Expected(String kind, String archivedId, String reason) {
    }

    @Test
    void everyRecordIsArchivedOrDeadLetteredAndTheArchiverKeepsGoing() throws Exception {
        FuzzKit fuzz = new FuzzKit("NotificationFuzzTest");
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> channels = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            channels.add("user:fuzz-" + run + "-" + i);
        }
        execute("ALTER TABLE notification ADD CONSTRAINT fuzz_refuses CHECK (event_id NOT LIKE '" + DB_REFUSES
                + "%') NOT VALID");
        try {
            List<Expected> expected = new ArrayList<>();
            Map<String, Integer> duplicates = new HashMap<>();
            AtomicInteger huge = new AtomicInteger();
            for (int i = 0; i < RECORDS; i++) {
                String channel = channels.get(fuzz.random.nextInt(channels.size()));
                String id = "fuzz-" + run + "-" + i;
                if (fuzz.random.nextInt(100) < 55) {
                    fuzz.send(Topics.NOTIFICATIONS, channel, good(id, channel).toString());
                    expected.add(new Expected("good", id, null));
                    if (fuzz.random.nextInt(10) == 0) {
                        // the same notification again (a redelivery, or a producer repeating an id)
                        fuzz.send(Topics.NOTIFICATIONS, channel, good(id, channel).toString());
                        expected.add(new Expected("repeated id", id, null));
                        duplicates.put(id, 1);
                    }
                    continue;
                }
                expected.add(bad(fuzz, id, channel, channels, huge));
            }
            List<RecordMetadata> landed = fuzz.await();
            assertThat(landed).hasSize(expected.size());

            List<Integer> liveness = new ArrayList<>();
            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                liveness.add(FuzzKit.liveness(live));
                assertThat(progressCovers(landed)).as("archive progress past every record").isTrue();
            });

            Map<String, Integer> archived = archivedIds(channels);
            Map<String, ConsumerRecord<String, String>> dead = FuzzKit.deadLetters(NotificationArchiver.CONSUMER);
            for (int i = 0; i < expected.size(); i++) {
                Expected e = expected.get(i);
                RecordMetadata m = landed.get(i);
                String what = e.kind() + " at " + FuzzKit.origin(m) + " (seed " + fuzz.seed + ")";
                if (e.archivedId() != null) {
                    assertThat(archived.get(e.archivedId())).as(what).isEqualTo(1);
                    assertThat(dead).as(what).doesNotContainKey(FuzzKit.origin(m));
                } else {
                    ConsumerRecord<String, String> letter = dead.get(FuzzKit.origin(m));
                    assertThat(letter).as(what + " dead-lettered").isNotNull();
                    assertThat(header(letter, DeadLetterHeaders.REASON)).as(what).contains(e.reason());
                }
            }
            // nothing bad was archived: only the good ids are in the archive
            long goods = expected.stream().filter(e -> e.archivedId() != null).map(Expected::archivedId).distinct()
                    .count();
            assertThat(archived).hasSize((int) goods);
            liveness.add(FuzzKit.liveness(live));
            assertThat(liveness).as("liveness while the poison went through").containsOnly(200);
        } finally {
            execute("ALTER TABLE notification DROP CONSTRAINT fuzz_refuses");
        }
    }

    private static ObjectNode good(String id, String channel) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ObjectNode json = EventJson.mapper().createObjectNode().put("id", id).put("channel", channel)
                .put("event", "loan:status").put("time", now.toString());
        json.set("data", EventJson.mapper().valueToTree(new LoanStatusData("loan-" + id, channel.substring(5),
                LoanStatusData.Status.APPROVED, BigDecimal.TEN, null, now)));
        return json;
    }

    private static ObjectNode data(ObjectNode notification) {
        return (ObjectNode) notification.get("data");
    }

    /** Sends one bad record of a random kind; returns what the archiver must do with it. */
    private static Expected bad(FuzzKit fuzz, String id, String channel, List<String> channels, AtomicInteger huge) {
        String topic = Topics.NOTIFICATIONS;
        ObjectNode n = good(id, channel);
        int kind = fuzz.random.nextInt(17);
        switch (kind) {
            case 0 -> { // parses into a BigDecimal, cannot be written back plainly
                fuzz.send(topic, channel, n.toString().replace("\"amount\":10", "\"amount\":1e10000"));
                return new Expected("1e10000", null, "cannot be written back");
            }
            case 1 -> { // written back plainly it has 1001 digits: unreadable for a resume
                fuzz.send(topic, channel, n.toString().replace("\"amount\":10", "\"amount\":1e1000"));
                return new Expected("1e1000", null, "cannot be read back");
            }
            case 2 -> {
                fuzz.send(topic, channel, n.put("time", "+300000-01-01T00:00:00Z").toString());
                return new Expected("year 300000", null, "out of range");
            }
            case 3 -> {
                fuzz.send(topic, channel, n.put("time", "-000042-03-01T00:00:00Z").toString());
                return new Expected("negative year", null, "out of range");
            }
            case 4 -> {
                fuzz.send(topic, channel, n.toString().replace("\"loanId\":\"", "\"loanId\":\"\u0000"));
                return new Expected("raw NUL", null, "NUL");
            }
            case 5 -> {
                data(n).put("rejectionReason", "nul \u0000 escaped");
                fuzz.send(topic, channel, n.toString());
                return new Expected("escaped NUL", null, "NUL");
            }
            case 6 -> {
                if (huge.incrementAndGet() > 3) { // a few are enough, and keep the run short
                    fuzz.send(topic, channel, n.put("event", "loan:boom").toString());
                    return new Expected("unknown event", null, "Unknown event 'loan:boom'");
                }
                data(n).put("rejectionReason", "x".repeat(900_000));
                fuzz.send(topic, channel, n.toString());
                return new Expected("900 KB string", null, "larger than");
            }
            case 7 -> {
                n.set("id", EventJson.mapper().createObjectNode().put("a", 1));
                fuzz.send(topic, channel, n.toString());
                return new Expected("id as object", null, "Not a valid notification");
            }
            case 8 -> {
                n.put("time", true);
                fuzz.send(topic, channel, n.toString());
                return new Expected("time as boolean", null, "Not a valid notification");
            }
            case 9 -> {
                n.set("data", EventJson.mapper().createArrayNode().add(1));
                fuzz.send(topic, channel, n.toString());
                return new Expected("data as array", null, "not a JSON object");
            }
            case 10 -> {
                fuzz.send(topic, channel, n.toString().replace("\"rejectionReason\":null",
                        "\"rejectionReason\":" + FuzzKit.nested(10_000)).replace("\"amount\":10",
                        "\"amount\":10,\"deep\":" + FuzzKit.nested(10_000)));
                return new Expected("10k levels", null, "Not a valid notification");
            }
            case 11 -> {
                String other = channels.get((channels.indexOf(channel) + 1) % channels.size());
                fuzz.send(topic, other, n.toString());
                return new Expected("wrong key", null, "is not the channel");
            }
            case 12 -> {
                fuzz.send(topic, (byte[]) null, FuzzKit.utf8(n.toString()));
                return new Expected("null key", null, "is not the channel");
            }
            case 13 -> {
                fuzz.send(topic, FuzzKit.utf8(channel), null);
                return new Expected("null value", null, "Empty notification record");
            }
            case 14 -> {
                String value = n.toString();
                if (fuzz.random.nextBoolean()) {
                    // inside a string: decoded as U+FFFD by both consumers, so the record is valid and archived
                    fuzz.send(topic, FuzzKit.utf8(channel), FuzzKit.splice(value, value.indexOf("loan-") + 5,
                            (byte) 0xC3, (byte) 0x28, (byte) 0xFF));
                    return new Expected("invalid UTF-8 in a string", id, null);
                }
                fuzz.send(topic, FuzzKit.utf8(channel), FuzzKit.splice(value, 1, (byte) 0xFF, (byte) 0xFE));
                return new Expected("invalid UTF-8 bytes", null, "Not a valid notification");
            }
            case 15 -> {
                fuzz.send(topic, channel, n.toString().replace("\"loanId\":\"", "\"loanId\":\"\\ud800"));
                return new Expected("lone surrogate", null, "unpaired");
            }
            default -> { // passes every check; the database refuses it: the batch falls back to one by one
                n.put("id", DB_REFUSES + id);
                fuzz.send(topic, channel, n.toString());
                return new Expected("refused by the database", null, "fuzz_refuses");
            }
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private boolean progressCovers(List<RecordMetadata> landed) throws Exception {
        Map<Integer, Long> highest = new HashMap<>();
        landed.forEach(m -> highest.merge(m.partition(), m.offset(), Math::max));
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT next_offset FROM archive_progress WHERE partition = ?")) {
            for (Map.Entry<Integer, Long> e : highest.entrySet()) {
                s.setInt(1, e.getKey());
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next() || r.getLong(1) <= e.getValue()) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private Map<String, Integer> archivedIds(List<String> channels) throws Exception {
        Map<String, Integer> ids = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT event_id, count(*) FROM notification WHERE channel = ANY (?) GROUP BY event_id")) {
            s.setArray(1, c.createArrayOf("text", channels.toArray()));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ids.put(r.getString(1), r.getInt(2));
                }
            }
        }
        return ids;
    }
}
