package com.orbitlend.gateway.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orbitlend.events.DeadLetterHeaders;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.Topics;
import com.orbitlend.gateway.GatewaySocketTest;
import com.orbitlend.gateway.GatewayTestProfile;
import com.orbitlend.testkit.kafka.TestTopics;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static com.orbitlend.testkit.kafka.TestTopics.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Poison on the domain topics: a seeded mix of good CloudEvents and bad records on each topic the router reads.
 * Each good event (also after a bad one in its partition) yields its notification, each bad one is dead-lettered
 * by the router with its reason, and liveness stays UP.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class DomainEventFuzzTest extends GatewaySocketTest {

    private static final int RECORDS_PER_TOPIC = 60;

    @TestHTTPResource("/q/health/live")
    URI live;

    /** A good event's expected notification key ({@code user:<id>}), or a bad one's expected reason. */
    private record Expected(String kind, String notificationKey, String reason) {
    }

    /** How a topic's good event looks: type, the user field, a number field (or null) and a text field routed. */
    private record Shape(String topic, String type, String userField, String numberField) {
    }

    private static final List<Shape> SHAPES = List.of(
            new Shape(Topics.LOAN_EVENTS, "orbitlend.loan.approved.v1", "userId", "amount"),
            new Shape(Topics.KYC_EVENTS, "orbitlend.kyc.approved.v1", "userId", null),
            new Shape(Topics.MARKETPLACE_EVENTS, "orbitlend.marketplace.listed.v1", "sellerId", "price"));

    @Test
    void everyDomainRecordIsRoutedOrDeadLetteredAndTheRouterKeepsGoing() throws Exception {
        FuzzKit fuzz = new FuzzKit("DomainEventFuzzTest");
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Expected> expected = new ArrayList<>();
        int huge = 0;
        for (Shape shape : SHAPES) {
            for (int i = 0; i < RECORDS_PER_TOPIC; i++) {
                String user = "fz-" + run + "-" + shape.topic().length() + "-" + i;
                ObjectNode event = event(shape, user);
                if (fuzz.random.nextInt(100) < 50) {
                    if (fuzz.random.nextInt(8) == 0) {
                        fuzz.send(shape.topic(), (byte[]) null, FuzzKit.utf8(event.toString()));
                        expected.add(new Expected("good, null key", "user:" + user, null));
                    } else {
                        fuzz.send(shape.topic(), user, event.toString());
                        expected.add(new Expected("good", "user:" + user, null));
                    }
                    continue;
                }
                int kind = fuzz.random.nextInt(15);
                if (kind == 7 && huge++ >= 2) {
                    kind = 0;
                }
                expected.add(bad(fuzz, shape, event, user, kind));
            }
        }
        List<RecordMetadata> landed = fuzz.await();
        assertThat(landed).hasSize(expected.size());

        Set<String> wanted = new HashSet<>();
        expected.stream().filter(e -> e.notificationKey() != null).forEach(e -> wanted.add(e.notificationKey()));
        List<Integer> liveness = new ArrayList<>();
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            liveness.add(FuzzKit.liveness(live));
            Map<String, ConsumerRecord<String, String>> dead = FuzzKit.deadLetters(DomainEventRouter.CONSUMER);
            for (int i = 0; i < expected.size(); i++) {
                if (expected.get(i).reason() != null) {
                    assertThat(dead).as(expected.get(i).kind() + " dead-lettered (seed " + fuzz.seed + ")")
                            .containsKey(FuzzKit.origin(landed.get(i)));
                }
            }
            Set<String> keys = new HashSet<>();
            TestTopics.readAll(Topics.NOTIFICATIONS).forEach(r -> keys.add(r.key()));
            assertThat(keys).as("notifications of the good events (seed " + fuzz.seed + ")").containsAll(wanted);
        });

        Map<String, ConsumerRecord<String, String>> dead = FuzzKit.deadLetters(DomainEventRouter.CONSUMER);
        for (int i = 0; i < expected.size(); i++) {
            Expected e = expected.get(i);
            String what = e.kind() + " at " + FuzzKit.origin(landed.get(i)) + " (seed " + fuzz.seed + ")";
            if (e.reason() == null) {
                assertThat(dead).as(what).doesNotContainKey(FuzzKit.origin(landed.get(i)));
            } else {
                assertThat(header(dead.get(FuzzKit.origin(landed.get(i))), DeadLetterHeaders.REASON)).as(what)
                        .contains(e.reason());
            }
        }
        // no notification of a bad event was published
        Set<String> badUsers = new HashSet<>();
        for (Expected e : expected) {
            if (e.reason() != null && e.kind().startsWith("user ")) {
                badUsers.add(e.kind().substring(5));
            }
        }
        assertThat(TestTopics.readAll(Topics.NOTIFICATIONS)).extracting(ConsumerRecord::key).doesNotContainAnyElementsOf(badUsers);
        liveness.add(FuzzKit.liveness(live));
        assertThat(liveness).as("liveness while the poison went through").containsOnly(200);
    }

    private static ObjectNode event(Shape shape, String user) {
        ObjectNode data = EventJson.mapper().createObjectNode();
        switch (shape.topic()) {
            case Topics.LOAN_EVENTS -> data.put("loanId", "loan-" + user).put("userId", user).put("amount", 10)
                    .put("approvedBy", "admin-1");
            case Topics.KYC_EVENTS -> data.put("kycId", "kyc-" + user).put("userId", user).put("approvedBy", "admin-1");
            default -> data.put("loanId", "loan-" + user).put("nftId", "nft-" + user).put("sellerId", user)
                    .put("price", 5).put("asset", "USDC");
        }
        ObjectNode event = EventJson.mapper().createObjectNode().put("specversion", "1.0")
                .put("id", UUID.randomUUID().toString()).put("source", "/orbitlend/fuzz").put("type", shape.type())
                .put("subject", user).put("time", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString())
                .put("datacontenttype", "application/json");
        event.set("data", data);
        return event;
    }

    private static Expected bad(FuzzKit fuzz, Shape shape, ObjectNode event, String user, int kind) {
        String topic = shape.topic();
        ObjectNode data = (ObjectNode) event.get("data");
        String number = shape.numberField();
        switch (kind) {
            case 0 -> {
                fuzz.send(topic, user, "not json " + user);
                return new Expected("not JSON", null, "Not a valid CloudEvent");
            }
            case 1 -> {
                fuzz.send(topic, FuzzKit.utf8(user), null);
                return new Expected("null value", null, "Not a valid CloudEvent");
            }
            case 2 -> {
                event.put("type", "orbitlend.loan.exploded.v1");
                fuzz.send(topic, user, event.toString());
                return new Expected("unknown type", null, "Unknown event type");
            }
            case 3 -> {
                if (number == null) {
                    return bad(fuzz, shape, event, user, 4);
                }
                fuzz.send(topic, user, event.toString().replace("\"" + number + "\":", "\"" + number + "\":1e10000,\"x\":"));
                return new Expected("user " + "user:" + user, null, "cannot be written");
            }
            case 4 -> {
                event.put("time", fuzz.random.nextBoolean() ? "+300000-01-01T00:00:00Z" : "-000042-03-01T00:00:00Z");
                fuzz.send(topic, user, event.toString());
                return new Expected("user " + "user:" + user, null, "out of range");
            }
            case 5 -> {
                fuzz.send(topic, user, event.toString().replace("\"subject\":\"", "\"subject\":\"\u0000"));
                return new Expected("raw NUL", null, "Not a valid CloudEvent");
            }
            case 6 -> {
                data.put(shape.userField(), user + "\u0000");
                fuzz.send(topic, user, event.toString());
                return new Expected("escaped NUL in the user", null, "Cannot route");
            }
            case 7 -> {
                // a 900 KB text that would go into the notification (loan id, kyc id, note id)
                String field = Topics.MARKETPLACE_EVENTS.equals(topic) ? "nftId" : "loanId";
                if (Topics.KYC_EVENTS.equals(topic)) {
                    event.put("type", "orbitlend.kyc.rejected.v1");
                    data.put("rejectedBy", "admin-1");
                    field = "reason";
                }
                data.put(field, "x".repeat(900_000));
                fuzz.send(topic, user, event.toString());
                return new Expected("user " + "user:" + user, null, "larger than");
            }
            case 8 -> {
                data.set(shape.userField(), EventJson.mapper().createObjectNode().put("a", 1));
                fuzz.send(topic, user, event.toString());
                return new Expected("user as object", null, "Invalid payload");
            }
            case 9 -> {
                event.set("data", EventJson.mapper().createObjectNode().set("deep",
                        EventJson.mapper().createArrayNode()));
                fuzz.send(topic, user, event.toString().replace("\"deep\":[]", "\"deep\":" + FuzzKit.nested(10_000)));
                return new Expected("10k levels", null, "Not a valid CloudEvent");
            }
            case 10 -> {
                String value = event.toString();
                fuzz.send(topic, FuzzKit.utf8(user), FuzzKit.splice(value, 1, (byte) 0xFF, (byte) 0xC0));
                return new Expected("invalid UTF-8 bytes", null, "Not a valid CloudEvent");
            }
            case 11 -> {
                // in the user id: decoded as U+FFFD, which no channel name may hold
                String value = event.toString();
                int at = value.indexOf("\"" + shape.userField() + "\":\"") + shape.userField().length() + 4;
                fuzz.send(topic, FuzzKit.utf8(user), FuzzKit.splice(value, at, (byte) 0xC3, (byte) 0x28));
                return new Expected("invalid UTF-8 in the user", null, "Cannot route");
            }
            case 12 -> {
                event.remove("subject");
                fuzz.send(topic, user, event.toString());
                return new Expected("no subject", null, "without data or subject");
            }
            case 13 -> {
                data.put(shape.userField(), "has space " + user);
                fuzz.send(topic, user, event.toString());
                return new Expected("invalid channel", null, "Cannot route");
            }
            default -> {
                if (number == null) {
                    event.put("time", true);
                    fuzz.send(topic, user, event.toString());
                    return new Expected("time as boolean", null, "Not a valid CloudEvent");
                }
                fuzz.send(topic, user, event.toString().replace("\"" + number + "\":", "\"" + number + "\":1e1000,\"x\":"));
                return new Expected("user " + "user:" + user, null, "cannot be read back");
            }
        }
    }
}
