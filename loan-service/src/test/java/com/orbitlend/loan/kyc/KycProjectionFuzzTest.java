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
import com.orbitlend.testkit.kafka.KafkaTestBroker;
import com.orbitlend.testkit.kafka.TestTopics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static com.orbitlend.loan.KycEvents.inboxRows;
import static com.orbitlend.loan.KycEvents.projected;
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
    private static final String PLACEHOLDER = "\"@@RAW@@\"";

    private static KafkaProducer<byte[], byte[]> producer;

    /** The kinds of bad record; each appears at least once per run. */
    enum Bad {
        TIME_YEAR_300000, TIME_NEGATIVE_YEAR, TIME_HUGE_NUMBER, NUMBER_1E10000_AS_ID, NUL_ESCAPED, NUL_RAW,
        HUGE_STRING, WRONG_TYPE_ID, WRONG_TYPE_DATA, WRONG_TYPE_TIME, DEEP_NESTING, WRONG_KEY, NULL_KEY,
        HUGE_KEY, INVALID_UTF8_VALUE, INVALID_UTF8_KEY, TOMBSTONE, UNKNOWN_TYPE, NOT_JSON, LONE_SURROGATE
    }

    /** A produced record and what must become of it. */
    record Sent(RecordMetadata at, String description, Bad bad, String user, String expectedStatus) {
    }

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    @Test
    void everyGoodEventIsProjectedAndEveryBadRecordDeadLetteredWhileLivenessStaysUp() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("KycProjectionFuzzTest seed: " + seed + " (rerun with -Dfuzz.seed=" + seed + ")");
        Random random = new Random(seed);

        List<Bad> bads = new ArrayList<>(Arrays.asList(Bad.values()));
        for (int i = 0; i < 15; i++) {
            bads.add(Bad.values()[random.nextInt(Bad.values().length)]);
        }
        Collections.shuffle(bads, random);

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
        List<ConsumerRecord<String, String>> letters = TestTopics.awaitRecords(Topics.NOTIFICATIONS_DLQ,
                r -> Topics.KYC_EVENTS.equals(header(r, DeadLetterHeaders.TOPIC))
                        && badByOffset.containsKey(header(r, DeadLetterHeaders.PARTITION) + "@"
                                + header(r, DeadLetterHeaders.OFFSET)),
                badByOffset.size());
        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<String, String> letter : letters) {
            reasons.put(header(letter, DeadLetterHeaders.PARTITION) + "@" + header(letter, DeadLetterHeaders.OFFSET),
                    header(letter, DeadLetterHeaders.REASON));
            assertThat(header(letter, DeadLetterHeaders.CONSUMER)).isEqualTo(KycProjection.GROUP);
        }
        assertThat(reasons.keySet()).containsExactlyInAnyOrderElementsOf(badByOffset.keySet());
        badByOffset.forEach((at, s) -> assertThat(reasons.get(at)).as("reason for %s", s.bad()).isNotBlank());
        assertThat(letters).as("one dead letter per bad record").hasSize(badByOffset.size());

        // repeated ids were skipped: neither dead-lettered nor applied
        List<String> goodPositions = sent.stream().filter(s -> s.bad() == null).map(s -> position(s.at())).toList();
        assertThat(TestTopics.readAll(Topics.NOTIFICATIONS_DLQ).stream()
                .filter(r -> Topics.KYC_EVENTS.equals(header(r, DeadLetterHeaders.TOPIC)))
                .map(r -> header(r, DeadLetterHeaders.PARTITION) + "@" + header(r, DeadLetterHeaders.OFFSET)))
                .doesNotContainAnyElementsOf(goodPositions);
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

    private static byte[] with(ObjectNode json, String field, String text) {
        json.put(field, text);
        return bytes(EventJson.write(json));
    }

    private static byte[] with(ObjectNode data, ObjectNode json, String field, String text) {
        data.put(field, text);
        return bytes(EventJson.write(json));
    }

    /** The event with {@code field} set to raw JSON text, e.g. a number no parser should expand. */
    private static byte[] raw(ObjectNode json, String field, String rawJson) {
        json.put(field, "@@RAW@@");
        return bytes(EventJson.write(json).replace(PLACEHOLDER, rawJson));
    }

    private static byte[] raw(ObjectNode data, ObjectNode json, String field, String rawJson) {
        data.put(field, "@@RAW@@");
        return bytes(EventJson.write(json).replace(PLACEHOLDER, rawJson));
    }

    private static byte[] replace(byte[] text, byte[] what, byte[] with) {
        String marker = new String(text, StandardCharsets.ISO_8859_1);
        int at = marker.indexOf(new String(what, StandardCharsets.ISO_8859_1));
        byte[] out = new byte[text.length - what.length + with.length];
        System.arraycopy(text, 0, out, 0, at);
        System.arraycopy(with, 0, out, at, with.length);
        System.arraycopy(text, at + what.length, out, at + with.length, text.length - at - what.length);
        return out;
    }

    private static String position(RecordMetadata at) {
        return at.partition() + "@" + at.offset();
    }

    private static byte[] key(String text) {
        return bytes(text);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static synchronized RecordMetadata send(byte[] key, byte[] value) {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    // megabyte strings compress to kilobytes: within the broker's limit once compressed
                    ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024,
                    ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024),
                    new ByteArraySerializer(), new ByteArraySerializer());
        }
        try {
            return producer.send(new ProducerRecord<>(Topics.KYC_EVENTS, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish to " + Topics.KYC_EVENTS, e);
        }
    }

}
