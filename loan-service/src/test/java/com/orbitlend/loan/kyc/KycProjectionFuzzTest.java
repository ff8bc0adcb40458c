package com.orbitlend.loan.kyc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orbitlend.events.CloudEvent;
import com.orbitlend.events.DeadLetterHeaders;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.Topics;
import com.orbitlend.events.kyc.KycApproved;
import com.orbitlend.events.kyc.KycRejected;
import com.orbitlend.events.kyc.KycSubmitted;
import com.orbitlend.loan.KycEvents;
import com.orbitlend.loan.LoanServiceTestProfile;
import com.orbitlend.testkit.fuzz.DeadLetterOrigins;
import com.orbitlend.testkit.fuzz.Fuzz;
import com.orbitlend.testkit.kafka.TestTopics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;

import static com.orbitlend.loan.KycEvents.inboxRows;
import static com.orbitlend.loan.KycEvents.projected;
import static com.orbitlend.testkit.fuzz.DeadLetterOrigins.origin;
import static com.orbitlend.testkit.fuzz.DeadLetterOrigins.position;
import static com.orbitlend.testkit.fuzz.RawRecords.bytes;
import static com.orbitlend.testkit.fuzz.RawRecords.key;
import static com.orbitlend.testkit.fuzz.RawRecords.raw;
import static com.orbitlend.testkit.fuzz.RawRecords.replace;
import static com.orbitlend.testkit.fuzz.RawRecords.with;
import static com.orbitlend.testkit.kafka.TestTopics.header;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Poison records on orbitlend.kyc.events: a seeded random mix of records no consumer can apply (times PostgreSQL
 * cannot hold, huge numbers, NUL characters, megabyte strings, wrong JSON types, deep nesting, wrong and null keys,
 * invalid UTF-8, tombstones, unknown types) and repeated event ids, interleaved with good events on the same keys.
 * Every good event must be projected, every bad record dead-lettered with a reason, and liveness stay UP.
 * Reproduce a run with {@code -Dfuzz.seed=<the printed seed>}.
 */
@QuarkusTest
@TestProfile(LoanServiceTestProfile.class)
class KycProjectionFuzzTest {

    private static final int GOOD_EVENTS = 30;

    /** The kinds of bad record; each appears at least once per run. */
    enum Bad {
        TIME_YEAR_300000, TIME_NEGATIVE_YEAR, TIME_HUGE_NUMBER, NUMBER_1E10000_AS_ID, NUL_ESCAPED, NUL_RAW,
        HUGE_STRING, WRONG_TYPE_ID, WRONG_TYPE_DATA, WRONG_TYPE_TIME, DEEP_NESTING, WRONG_KEY, NULL_KEY,
        HUGE_KEY, INVALID_UTF8_VALUE, INVALID_UTF8_KEY, TOMBSTONE, UNKNOWN_TYPE, NOT_JSON, LONE_SURROGATE
    }

    /** A produced record and what must become of it. */
    record Sent(RecordMetadata at, String description, Bad bad, String user, String expectedStatus) {
    }

    @Test
    void everyGoodEventIsProjectedAndEveryBadRecordDeadLetteredWhileLivenessStaysUp() {
        Random random = Fuzz.random("KycProjectionFuzzTest");
        List<Bad> bads = Fuzz.everyKindAndMore(Bad.values(), 15, random);

        List<Sent> sent = new ArrayList<>();
        List<CloudEvent> applied = new ArrayList<>();
        int badIndex = 0;
        for (int i = 0; i < GOOD_EVENTS; i++) {
            String user = "fuzz-" + UUID.randomUUID();
            // bad records keyed by the user of the good event that follows them: same partition, before it
            int before = i == GOOD_EVENTS - 1 ? bads.size() - badIndex
                    : Math.min(bads.size() - badIndex, random.nextInt(3));
            for (int b = 0; b < before; b++) {
                Bad bad = bads.get(badIndex++);
                sent.add(sendBad(bad, user, random));
            }
            if (!applied.isEmpty() && random.nextInt(4) == 0) {
                // a repeated CloudEvents id with other content: a redelivery for the inbox, skipped
                CloudEvent earlier = applied.get(random.nextInt(applied.size()));
                CloudEvent copy = new CloudEvent(earlier.specversion(), earlier.id(), earlier.source(),
                        "orbitlend.kyc.rejected.v1", earlier.subject(), earlier.time().plusSeconds(5),
                        earlier.datacontenttype(), EventJson.mapper().valueToTree(
                                new KycRejected("kyc-x", earlier.subject(), "repeated id", "fuzz")));
                sent.add(new Sent(send(key(earlier.subject()), bytes(EventJson.write(copy))), "repeated id",
                        null, earlier.subject(), null));
                // a bad record behind it on its partition: once that is dead-lettered, the copy was consumed
                sent.add(new Sent(send(key(earlier.subject()), bytes("{barrier")), "barrier", Bad.NOT_JSON,
                        earlier.subject(), null));
            }
            CloudEvent good = good(user, random);
            applied.add(good);
            String status = good.type().contains("submitted") ? "submitted" : "approved";
            sent.add(new Sent(send(key(user), bytes(EventJson.write(good))), "good", null, user, status));
        }

        // every good event took effect, whatever came before it on its partition
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (Sent s : sent) {
                if (s.expectedStatus() != null) {
                    assertThat(projected(s.user()).map(KycEvents.Projected::status))
                            .as("projection of %s", s.user()).hasValue(s.expectedStatus());
                }
            }
        });

        // every bad record was dead-lettered, with a reason; nothing else was
        Map<String, Sent> badByOffset = sent.stream().filter(s -> s.bad() != null)
                .collect(Collectors.toMap(s -> position(s.at()), s -> s));
        List<ConsumerRecord<String, String>> letters = DeadLetterOrigins.awaitFrom(Topics.KYC_EVENTS, badByOffset.keySet());
        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<String, String> letter : letters) {
            reasons.put(origin(letter), header(letter, DeadLetterHeaders.REASON));
            assertThat(header(letter, DeadLetterHeaders.CONSUMER)).isEqualTo(KycProjection.GROUP);
        }
        assertThat(reasons.keySet()).containsExactlyInAnyOrderElementsOf(badByOffset.keySet());
        badByOffset.forEach((at, s) -> assertThat(reasons.get(at)).as("reason for %s", s.bad()).isNotBlank());
        assertThat(letters).as("one dead letter per bad record").hasSize(badByOffset.size());

        // repeated ids were skipped: neither dead-lettered nor applied
        List<String> goodPositions = sent.stream().filter(s -> s.bad() == null).map(s -> position(s.at())).toList();
        assertThat(DeadLetterOrigins.originsFrom(Topics.KYC_EVENTS)).doesNotContainAnyElementsOf(goodPositions);
        applied.forEach(e -> assertThat(inboxRows(e.id())).isEqualTo(1));
        for (Sent s : sent) {
            if (s.expectedStatus() != null) {
                assertThat(projected(s.user()).map(KycEvents.Projected::status)).as("projection of %s", s.user())
                        .hasValue(s.expectedStatus());
            }
        }

        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    private static CloudEvent good(String user, Random random) {
        Instant time = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return random.nextBoolean()
                ? CloudEvent.wrap(KycEvents.SOURCE, new KycApproved("kyc-" + user, user, "kyc-admin"), time)
                : CloudEvent.wrap(KycEvents.SOURCE, new KycSubmitted("kyc-" + user, user), time);
    }

    private static Sent sendBad(Bad bad, String user, Random random) {
        CloudEvent template = CloudEvent.wrap(KycEvents.SOURCE, new KycApproved("kyc-" + user, user, "kyc-admin"),
                Instant.now());
        ObjectNode json = EventJson.mapper().valueToTree(template);
        ObjectNode data = (ObjectNode) json.get("data");
        byte[] key = key(user);
        byte[] value = null;
        switch (bad) {
            case TIME_YEAR_300000 -> value = with(json, "time", "+300000-01-01T00:00:00Z");
            case TIME_NEGATIVE_YEAR -> value = with(json, "time", "-0500-03-01T00:00:00Z");
            case TIME_HUGE_NUMBER -> value = raw(json, "time", "1e10000");
            case NUMBER_1E10000_AS_ID -> value = raw(data, json, "kycId", random.nextBoolean() ? "1e10000" : "-1e999999999");
            case NUL_ESCAPED -> {
                String nulUser = user + "\u0000";
                data.put("userId", nulUser);
                key = key(nulUser);
                value = bytes(EventJson.write(json));
            }
            case NUL_RAW -> value = bytes(EventJson.write(json).replace("kyc-" + user, "kyc-\u0000" + user));
            case HUGE_STRING -> value = with(data, json, "kycId", "k".repeat((1 + random.nextInt(3)) * 1024 * 1024));
            case WRONG_TYPE_ID -> value = raw(json, "id", random.nextBoolean() ? "[1,2]" : "{\"a\":1}");
            case WRONG_TYPE_DATA -> value = raw(json, "data", random.nextBoolean() ? "\"data\"" : "[]");
            case WRONG_TYPE_TIME -> value = raw(json, "time", random.nextBoolean() ? "true" : "{}");
            case DEEP_NESTING -> value = raw(data, json, "extra", "[".repeat(10_000) + "]".repeat(10_000));
            case WRONG_KEY -> key = key("fuzz-other-" + user);
            case NULL_KEY -> key = null;
            case HUGE_KEY -> key = key("K".repeat(2 * 1024 * 1024));
            case INVALID_UTF8_VALUE -> {
                byte[] text = bytes(EventJson.write(json).replace("kyc-admin", "kyc-@@"));
                value = replace(text, bytes("@@"), new byte[] { (byte) 0xc3, (byte) 0x28 });
            }
            case INVALID_UTF8_KEY -> key = new byte[] { 'u', (byte) 0xff, (byte) 0xfe };
            case TOMBSTONE -> value = null;
            case UNKNOWN_TYPE -> value = with(json, "type", "orbitlend.kyc.frozen.v1");
            case NOT_JSON -> value = bytes(List.of("{not json", "", "null", "[]", "42", "\"x\"").get(random.nextInt(6)));
            case LONE_SURROGATE -> value = bytes(EventJson.write(json).replace("kyc-" + user, "kyc-\\ud800" + user));
            default -> throw new IllegalStateException(bad.name());
        }
        if (bad == Bad.WRONG_KEY || bad == Bad.NULL_KEY || bad == Bad.HUGE_KEY || bad == Bad.INVALID_UTF8_KEY) {
            value = bytes(EventJson.write(json));
        }
        return new Sent(send(key, value), bad.name(), bad, user, null);
    }

    private static RecordMetadata send(byte[] key, byte[] value) {
        return TestTopics.produceRaw(Topics.KYC_EVENTS, key, value);
    }

}
