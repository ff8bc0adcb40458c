package com.orbitlend.marketplace.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orbitlend.events.CloudEvent;
import com.orbitlend.events.DeadLetterHeaders;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.Topics;
import com.orbitlend.events.kyc.KycApproved;
import com.orbitlend.events.loan.LoanFunded;
import com.orbitlend.marketplace.MarketplaceTestProfile;
import com.orbitlend.marketplace.Rows;
import com.orbitlend.marketplace.service.NoteRegistration;
import com.orbitlend.testkit.fuzz.DeadLetterOrigins;
import com.orbitlend.testkit.fuzz.Fuzz;
import com.orbitlend.testkit.kafka.TestTopics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
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
 * Poison records on orbitlend.loan.events: a seeded random mix of records no consumer can apply (amounts beyond
 * NUMERIC(38,8) or written as 1e10000, times PostgreSQL cannot hold, NUL characters, megabyte strings, wrong JSON
 * types, deep nesting, wrong and null keys, invalid UTF-8, tombstones, unknown types) and repeated event ids,
 * interleaved with good funding events on the same keys. Every good event must mint its note, every bad record be
 * dead-lettered with a reason (and mint nothing), and liveness stay UP. Reproduce a run with
 * {@code -Dfuzz.seed=<the printed seed>}.
 */
@QuarkusTest
@TestProfile(MarketplaceTestProfile.class)
class LoanEventsFuzzTest {

    private static final int GOOD_EVENTS = 30;
    private static final String SOURCE = "/orbitlend/loan-service";
    /** nftId of every bad record: none may ever become a note. */
    private static final String BAD_NFT = "fuzz-bad-nft-";

    @Inject
    AgroalDataSource dataSource;

    /** The kinds of bad record; each appears at least once per run. */
    enum Bad {
        AMOUNT_TOO_MANY_DECIMALS, AMOUNT_TOO_MANY_DIGITS, AMOUNT_1E10000, AMOUNT_AS_STRING, AMOUNT_NEGATIVE,
        TIME_YEAR_300000, TIME_NEGATIVE_YEAR, TIME_HUGE_NUMBER, NUMBER_AS_ID, NUL_ESCAPED, NUL_RAW, HUGE_STRING,
        WRONG_TYPE_ID, WRONG_TYPE_DATA, WRONG_TYPE_TIME, DEEP_NESTING, WRONG_KEY, NULL_KEY, HUGE_KEY,
        INVALID_UTF8_VALUE, INVALID_UTF8_KEY, TOMBSTONE, UNKNOWN_TYPE, TYPE_OF_ANOTHER_TOPIC, NOT_JSON,
        LONE_SURROGATE
    }

    /** A produced record and what must become of it. */
    record Sent(RecordMetadata at, String description, Bad bad, String loanId, String expectedNft) {
    }

    @Test
    void everyGoodFundingMintsItsNoteAndEveryBadRecordIsDeadLetteredWhileLivenessStaysUp() {
        Random random = Fuzz.random("LoanEventsFuzzTest");
        List<Bad> bads = Fuzz.everyKindAndMore(Bad.values(), 15, random);

        List<Sent> sent = new ArrayList<>();
        List<CloudEvent> applied = new ArrayList<>();
        int badIndex = 0;
        for (int i = 0; i < GOOD_EVENTS; i++) {
            String loan = "fuzz-loan-" + UUID.randomUUID();
            // bad records keyed by the loan of the good event that follows them: same partition, before it
            int before = i == GOOD_EVENTS - 1 ? bads.size() - badIndex
                    : Math.min(bads.size() - badIndex, random.nextInt(3));
            for (int b = 0; b < before; b++) {
                Bad bad = bads.get(badIndex++);
                sent.add(sendBad(bad, loan, random));
            }
            if (!applied.isEmpty() && random.nextInt(4) == 0) {
                // a repeated CloudEvents id with other content: a redelivery for the inbox, skipped
                CloudEvent earlier = applied.get(random.nextInt(applied.size()));
                String other = "fuzz-loan-" + UUID.randomUUID();
                CloudEvent copy = new CloudEvent(earlier.specversion(), earlier.id(), earlier.source(),
                        earlier.type(), other, earlier.time(), earlier.datacontenttype(), EventJson.mapper()
                                .valueToTree(funded(other, BAD_NFT + other, "5")));
                sent.add(new Sent(send(key(other), bytes(EventJson.write(copy))), "repeated id", null, other, null));
                // a bad record behind it on its partition: once that is dead-lettered, the copy was consumed
                sent.add(new Sent(send(key(other), bytes("{barrier")), "barrier", Bad.NOT_JSON, other, null));
            }
            CloudEvent good = CloudEvent.wrap(SOURCE, funded(loan, "fuzz-nft-" + loan,
                    random.nextBoolean() ? "1500.12345678" : "99999999999999999999999999.5"), Instant.now());
            applied.add(good);
            sent.add(new Sent(send(key(loan), bytes(EventJson.write(good))), "good", null, loan, "fuzz-nft-" + loan));
        }

        // every good event took effect, whatever came before it on its partition
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (Sent s : sent) {
                if (s.expectedNft() != null) {
                    assertThat(nftOf(s.loanId())).as("note of loan %s", s.loanId()).isEqualTo(s.expectedNft());
                }
            }
        });

        // every bad record was dead-lettered, with a reason; nothing else was
        Map<String, Sent> badByOffset = sent.stream().filter(s -> s.bad() != null)
                .collect(Collectors.toMap(s -> position(s.at()), s -> s));
        List<ConsumerRecord<String, String>> letters = DeadLetterOrigins.awaitFrom(Topics.LOAN_EVENTS, badByOffset.keySet());
        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<String, String> letter : letters) {
            reasons.put(origin(letter), header(letter, DeadLetterHeaders.REASON));
            assertThat(header(letter, DeadLetterHeaders.CONSUMER)).isEqualTo(NoteRegistration.CONSUMER);
        }
        assertThat(reasons.keySet()).containsExactlyInAnyOrderElementsOf(badByOffset.keySet());
        badByOffset.forEach((at, s) -> assertThat(reasons.get(at)).as("reason for %s", s.bad()).isNotBlank());
        assertThat(letters).as("one dead letter per bad record").hasSize(badByOffset.size());

        // repeated ids were skipped: neither dead-lettered nor applied
        List<String> goodPositions = sent.stream().filter(s -> s.bad() == null).map(s -> position(s.at())).toList();
        assertThat(DeadLetterOrigins.originsFrom(Topics.LOAN_EVENTS)).doesNotContainAnyElementsOf(goodPositions);
        applied.forEach(e -> assertThat(Rows.count(dataSource,
                "select count(*) from processed_event where event_id = ?", e.id())).isEqualTo(1));
        for (Sent s : sent) {
            if (s.expectedNft() != null) {
                assertThat(nftOf(s.loanId())).as("note of loan %s", s.loanId()).isEqualTo(s.expectedNft());
            }
        }
        assertThat(Rows.count(dataSource, "select count(*) from loan_note where nft_id like ?", BAD_NFT + "%"))
                .as("notes minted from bad records").isZero();

        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    private static LoanFunded funded(String loanId, String nftId, String amount) {
        return new LoanFunded(loanId, "fuzz-user-" + loanId, new BigDecimal(amount), "0x" + "ab".repeat(32), nftId,
                "USDC");
    }

    private String nftOf(String loanId) {
        long count = Rows.count(dataSource, "select count(*) from loan_note where loan_id = ?", loanId);
        if (count == 0) {
            return null;
        }
        try (var c = dataSource.getConnection();
                var s = c.prepareStatement("select nft_id from loan_note where loan_id = ?")) {
            s.setString(1, loanId);
            try (var r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Sent sendBad(Bad bad, String loan, Random random) {
        CloudEvent template = CloudEvent.wrap(SOURCE, funded(loan, BAD_NFT + UUID.randomUUID(), "10"),
                Instant.now());
        ObjectNode json = EventJson.mapper().valueToTree(template);
        ObjectNode data = (ObjectNode) json.get("data");
        byte[] key = key(loan);
        byte[] value = null;
        switch (bad) {
            case AMOUNT_TOO_MANY_DECIMALS -> value = raw(data, json, "amount", "0.123456789");
            case AMOUNT_TOO_MANY_DIGITS -> value = raw(data, json, "amount", "1" + "0".repeat(30));
            case AMOUNT_1E10000 -> value = raw(data, json, "amount",
                    List.of("1e10000", "1e999999999", "1e-10000", "1E+31").get(random.nextInt(4)));
            case AMOUNT_AS_STRING -> value = with(data, json, "amount", "10");
            case AMOUNT_NEGATIVE -> value = raw(data, json, "amount", "-10");
            case TIME_YEAR_300000 -> value = with(json, "time", "+300000-01-01T00:00:00Z");
            case TIME_NEGATIVE_YEAR -> value = with(json, "time", "-0500-03-01T00:00:00Z");
            case TIME_HUGE_NUMBER -> value = raw(json, "time", "1e10000");
            case NUMBER_AS_ID -> value = raw(data, json, "nftId", random.nextBoolean() ? "1e10000" : "42");
            case NUL_ESCAPED -> {
                data.put("loanId", loan + "\u0000");
                key = key(loan + "\u0000");
                value = bytes(EventJson.write(json));
            }
            case NUL_RAW -> value = bytes(EventJson.write(json).replace(BAD_NFT, BAD_NFT + "\u0000"));
            case HUGE_STRING -> value = with(data, json, "nftId",
                    BAD_NFT + "n".repeat((1 + random.nextInt(3)) * 1024 * 1024));
            case WRONG_TYPE_ID -> value = raw(json, "id", random.nextBoolean() ? "[1,2]" : "{\"a\":1}");
            case WRONG_TYPE_DATA -> value = raw(json, "data", random.nextBoolean() ? "\"data\"" : "[]");
            case WRONG_TYPE_TIME -> value = raw(json, "time", random.nextBoolean() ? "true" : "{}");
            case DEEP_NESTING -> value = raw(data, json, "extra", "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000));
            case WRONG_KEY -> key = key("fuzz-other-" + loan);
            case NULL_KEY -> key = null;
            case HUGE_KEY -> key = key("K".repeat(2 * 1024 * 1024));
            case INVALID_UTF8_VALUE -> {
                byte[] text = bytes(EventJson.write(json).replace(BAD_NFT, BAD_NFT + "@@"));
                value = replace(text, bytes("@@"), new byte[] { (byte) 0xe2, (byte) 0x82 });
            }
            case INVALID_UTF8_KEY -> key = new byte[] { 'l', (byte) 0xc0, (byte) 0xaf };
            case TOMBSTONE -> value = null;
            case UNKNOWN_TYPE -> value = with(json, "type", "orbitlend.loan.funded.v2");
            case TYPE_OF_ANOTHER_TOPIC -> value = bytes(EventJson.write(CloudEvent.wrap("/orbitlend/kyc-service",
                    new KycApproved("kyc-1", loan, "admin"), Instant.now())));
            case NOT_JSON -> value = bytes(List.of("{not json", "", "null", "[]", "42", "\"x\"").get(random.nextInt(6)));
            case LONE_SURROGATE -> value = bytes(EventJson.write(json).replace(BAD_NFT, BAD_NFT + "\\udc00"));
            default -> throw new IllegalStateException(bad.name());
        }
        if (bad == Bad.WRONG_KEY || bad == Bad.NULL_KEY || bad == Bad.HUGE_KEY || bad == Bad.INVALID_UTF8_KEY) {
            value = bytes(EventJson.write(json));
        }
        return new Sent(send(key, value), bad.name(), bad, loan, null);
    }

    private static RecordMetadata send(byte[] key, byte[] value) {
        return TestTopics.produceRaw(Topics.LOAN_EVENTS, key, value);
    }

}
