package com.orbitlend.marketplace.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orbitlend.events.CloudEvent;
import com.orbitlend.events.DeadLetterHeaders;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.EventType;
import com.orbitlend.events.Topics;
import com.orbitlend.events.loan.Collateral;
import com.orbitlend.events.loan.LoanFunded;
import com.orbitlend.events.loan.LoanRequested;
import com.orbitlend.marketplace.MarketplaceTestProfile;
import com.orbitlend.marketplace.Rows;
import com.orbitlend.marketplace.service.NoteRegistration;
import com.orbitlend.testkit.kafka.TestTopics;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static com.orbitlend.marketplace.MarketApi.asAdmin;
import static com.orbitlend.marketplace.MarketApi.asUser;
import static com.orbitlend.marketplace.MarketApi.awaitNote;
import static com.orbitlend.marketplace.MarketApi.loanFunded;
import static com.orbitlend.marketplace.MarketApi.newUser;
import static com.orbitlend.marketplace.MarketApi.TX_HASH;
import static com.orbitlend.marketplace.MarketApi.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@TestProfile(MarketplaceTestProfile.class)
class LoanEventsConsumerTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void fundedLoanRegistersItsNoteHeldByTheTreasury() {
        LoanFunded funded = loanFunded(newUser(), "1500.50");
        publish(funded);
        awaitNote(funded.nftId());

        asUser(newUser()).get("/api/marketplace/notes/{nftId}", funded.nftId()).then().statusCode(200)
                .body("nftId", equalTo(funded.nftId()))
                .body("loanId", equalTo(funded.loanId()))
                .body("owner", equalTo("treasury"))
                .body("status", equalTo("held"))
                .body("price", nullValue())
                .body("asset", equalTo("USDC"))
                .body("principal", equalTo(1500.5f))
                .body("outstanding", equalTo(1500.5f));
        asAdmin().get("/api/marketplace/my-notes?size=100").then().statusCode(200)
                .body("items.nftId", hasItem(funded.nftId()));
        asUser(funded.userId()).get("/api/marketplace/my-notes").then().statusCode(200)
                .body("total", equalTo(0));
    }

    @Test
    void theNoteHasTheAssetOfTheFundingEvent() {
        LoanFunded funded = loanFunded(newUser(), "2.5", "ETH");
        publish(funded);
        awaitNote(funded.nftId());

        asUser(newUser()).get("/api/marketplace/notes/{nftId}", funded.nftId()).then().statusCode(200)
                .body("asset", equalTo("ETH"))
                .body("principal", equalTo(2.5f));
    }

    @Test
    void aFundingEventPublishedBeforeItCarriedAnAssetGetsTheDefault() {
        LoanFunded funded = loanFunded(newUser(), "10", "ETH");
        CloudEvent event = CloudEvent.wrap("/orbitlend/loan-service", funded, Instant.now());
        ((ObjectNode) event.data()).remove("asset");
        assertThat(EventJson.write(event)).doesNotContain("asset");
        TestTopics.produce(Topics.LOAN_EVENTS, funded.loanId(), EventJson.write(event));
        awaitNote(funded.nftId());

        asUser(newUser()).get("/api/marketplace/notes/{nftId}", funded.nftId()).then().statusCode(200)
                .body("asset", equalTo("USDC"));
    }

    @Test
    void aFundingEventWithAnAssetTooLongIsDeadLettered() {
        LoanFunded funded = loanFunded(newUser(), "10", "X".repeat(17));
        publish(funded);

        ConsumerRecord<String, String> dead = TestTopics.awaitRecords(Topics.NOTIFICATIONS_DLQ,
                r -> funded.loanId().equals(r.key()), 1).get(0);
        assertThat(TestTopics.header(dead, DeadLetterHeaders.REASON)).startsWith("asset must be an asset symbol");
        assertThat(Rows.count(dataSource, "select count(*) from loan_note where loan_id = ?", funded.loanId()))
                .isZero();
    }

    @Test
    void theSameEventDeliveredTwiceRegistersOnce() {
        LoanFunded funded = loanFunded(newUser(), "100");
        CloudEvent event = CloudEvent.wrap("/orbitlend/loan-service", funded, Instant.now());
        TestTopics.produce(Topics.LOAN_EVENTS, funded.loanId(), EventJson.write(event));
        TestTopics.produce(Topics.LOAN_EVENTS, funded.loanId(), EventJson.write(event));
        // a later record with the same key, on the same partition: once it is consumed, both copies were
        String barrier = barrier(funded.loanId());

        assertThat(Rows.count(dataSource, "select count(*) from loan_note where loan_id = ?", funded.loanId()))
                .isEqualTo(1);
        assertThat(Rows.count(dataSource, "select count(*) from processed_event where event_id = ?", event.id()))
                .isEqualTo(1);
        assertThat(deadLettersWithKey(funded.loanId())).extracting(ConsumerRecord::value).containsExactly(barrier);
    }

    @Test
    void aSecondFundingEventOfTheSameLoanIsIgnored() {
        LoanFunded funded = loanFunded(newUser(), "100");
        publish(funded);
        awaitNote(funded.nftId());
        LoanFunded again = new LoanFunded(funded.loanId(), funded.userId(), new BigDecimal("999"), funded.txHash(),
                "nft-other-" + funded.loanId(), "USDC");
        CloudEvent second = publish(again);
        barrier(funded.loanId());

        assertThat(Rows.count(dataSource, "select count(*) from processed_event where event_id = ?", second.id()))
                .isEqualTo(1);
        asUser(newUser()).get("/api/marketplace/notes/{nftId}", again.nftId()).then().statusCode(404);
        asUser(newUser()).get("/api/marketplace/notes/{nftId}", funded.nftId()).then().statusCode(200)
                .body("principal", equalTo(100));
    }

    @Test
    void malformedRecordIsDeadLetteredAndConsumptionGoesOn() {
        LoanFunded next = loanFunded(newUser(), "10");
        // the same key, so the same partition: the funding event comes after the malformed record
        String key = next.loanId();
        TestTopics.produce(Topics.LOAN_EVENTS, key, "{not json");
        TestTopics.produce(Topics.LOAN_EVENTS, key,
                EventJson.write(CloudEvent.wrap("/orbitlend/loan-service", next, Instant.now())));
        awaitNote(next.nftId());

        ConsumerRecord<String, String> dead = deadLettersWithKey(key).get(0);
        assertThat(dead.value()).isEqualTo("{not json");
        assertThat(TestTopics.header(dead, DeadLetterHeaders.REASON)).startsWith("Not a valid CloudEvent");
        assertThat(TestTopics.header(dead, DeadLetterHeaders.TOPIC)).isEqualTo(Topics.LOAN_EVENTS);
        assertThat(TestTopics.header(dead, DeadLetterHeaders.PARTITION)).matches("\\d+");
        assertThat(TestTopics.header(dead, DeadLetterHeaders.OFFSET)).matches("\\d+");
        assertThat(TestTopics.header(dead, DeadLetterHeaders.CONSUMER)).isEqualTo(NoteRegistration.CONSUMER);
    }

    @Test
    void fundedEventWithAnInvalidPayloadIsDeadLettered() {
        LoanFunded funded = loanFunded(newUser(), "10");
        CloudEvent event = CloudEvent.wrap("/orbitlend/loan-service", funded, Instant.now());
        ((ObjectNode) event.data()).put("amount", "-5");
        TestTopics.produce(Topics.LOAN_EVENTS, funded.loanId(), EventJson.write(event));

        ConsumerRecord<String, String> dead = TestTopics.awaitRecords(Topics.NOTIFICATIONS_DLQ,
                r -> funded.loanId().equals(r.key()), 1).get(0);
        assertThat(TestTopics.header(dead, DeadLetterHeaders.REASON))
                .startsWith("Invalid payload for " + EventType.LOAN_FUNDED.type());
        asUser(newUser()).get("/api/marketplace/notes/{nftId}", funded.nftId()).then().statusCode(404);
    }

    @Test
    void anNftAlreadyNotingAnotherLoanIsDeadLettered() {
        LoanFunded first = loanFunded(newUser(), "10");
        publish(first);
        awaitNote(first.nftId());
        LoanFunded clash = new LoanFunded("clash-" + first.loanId(), newUser(), BigDecimal.TEN, first.txHash(),
                first.nftId(), "USDC");
        publish(clash);

        ConsumerRecord<String, String> dead = TestTopics.awaitRecords(Topics.NOTIFICATIONS_DLQ,
                r -> clash.loanId().equals(r.key()), 1).get(0);
        assertThat(TestTopics.header(dead, DeadLetterHeaders.REASON)).contains("already the note of loan " + first.loanId());
        assertThat(Rows.count(dataSource, "select count(*) from loan_note where loan_id = ?", clash.loanId()))
                .isZero();
    }

    @Test
    void otherLoanEventsAreSkipped() {
        String loanId = "requested-" + newUser();
        publish(new LoanRequested(loanId, newUser(), BigDecimal.TEN, "USDC", "Working capital",
                new Collateral("ETH", BigDecimal.ONE)));
        String barrier = barrier(loanId);

        assertThat(Rows.count(dataSource, "select count(*) from loan_note where loan_id = ?", loanId)).isZero();
        assertThat(deadLettersWithKey(loanId)).extracting(ConsumerRecord::value).containsExactly(barrier);
        asAdmin().get("/api/marketplace/my-notes?size=100").then().statusCode(200)
                .body("items.loanId", not(hasItem(loanId)));
    }

    @Test
    void aFundingEventKeyedByAnotherLoanIsDeadLettered() {
        LoanFunded funded = loanFunded(newUser(), "10");
        String key = "other-" + funded.loanId();
        TestTopics.produce(Topics.LOAN_EVENTS, key,
                EventJson.write(CloudEvent.wrap("/orbitlend/loan-service", funded, Instant.now())));

        ConsumerRecord<String, String> dead = TestTopics.awaitRecords(Topics.NOTIFICATIONS_DLQ,
                r -> key.equals(r.key()), 1).get(0);
        assertThat(TestTopics.header(dead, DeadLetterHeaders.REASON))
                .isEqualTo("Record key " + key + " is not the event's loanId " + funded.loanId());
        assertThat(Rows.count(dataSource, "select count(*) from loan_note where loan_id = ?", funded.loanId()))
                .isZero();
    }

    @Test
    void anUnknownEventTypeIsDeadLettered() {
        LoanFunded funded = loanFunded(newUser(), "10");
        CloudEvent event = CloudEvent.wrap("/orbitlend/loan-service", funded, Instant.now());
        CloudEvent unknown = new CloudEvent(event.specversion(), event.id(), event.source(),
                "orbitlend.loan.funded.v9", event.subject(), event.time(), event.datacontenttype(), event.data());
        TestTopics.produce(Topics.LOAN_EVENTS, funded.loanId(), EventJson.write(unknown));

        ConsumerRecord<String, String> dead = TestTopics.awaitRecords(Topics.NOTIFICATIONS_DLQ,
                r -> funded.loanId().equals(r.key()), 1).get(0);
        assertThat(TestTopics.header(dead, DeadLetterHeaders.REASON))
                .isEqualTo("Unknown event type orbitlend.loan.funded.v9 on " + Topics.LOAN_EVENTS);
        asUser(newUser()).get("/api/marketplace/notes/{nftId}", funded.nftId()).then().statusCode(404);
    }

    @Test
    void aRecordTheDatabaseRefusesIsRolledBackDeadLetteredAndConsumptionGoesOn() throws SQLException {
        // a rule the edge checks do not know: the write fails in PostgreSQL, for this record's data only
        execute("alter table loan_note add constraint test_refused_nft check (nft_id not like 'refused-%')");
        try {
            LoanFunded refused = new LoanFunded(UUID.randomUUID().toString(), newUser(), BigDecimal.TEN, TX_HASH,
                    "refused-" + UUID.randomUUID(), "USDC");
            CloudEvent event = publish(refused);
            LoanFunded next = loanFunded(newUser(), "10");
            publish(next);
            awaitNote(next.nftId());

            ConsumerRecord<String, String> dead = TestTopics.awaitRecords(Topics.NOTIFICATIONS_DLQ,
                    r -> refused.loanId().equals(r.key()), 1).get(0);
            assertThat(TestTopics.header(dead, DeadLetterHeaders.REASON))
                    .startsWith("Refused by the database: SQLState 23514");
            assertThat(Rows.count(dataSource, "select count(*) from processed_event where event_id = ?", event.id()))
                    .as("the refused event's inbox row was rolled back").isZero();
            assertThat(Rows.count(dataSource, "select count(*) from loan_note where loan_id = ?", refused.loanId()))
                    .isZero();
        } finally {
            execute("alter table loan_note drop constraint test_refused_nft");
        }
    }

    @Test
    void aFailureOfTheDatabaseItselfIsRetriedNotDeadLettered() throws Exception {
        LoanFunded funded = loanFunded(newUser(), "10");
        // the table is gone for a moment (SQLState 42P01: no data error): attempts fail, the Retrier tries again
        execute("alter table loan_note rename to loan_note_away");
        try {
            publish(funded);
            Thread.sleep(700);
        } finally {
            execute("alter table loan_note_away rename to loan_note");
        }
        awaitNote(funded.nftId());
        String barrier = barrier(funded.loanId());
        assertThat(deadLettersWithKey(funded.loanId())).extracting(ConsumerRecord::value).containsExactly(barrier);
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * Produces a record with {@code key} that the consumer dead-letters (not JSON) and waits for its dead letter:
     * every record produced before with that key, on the same partition, was consumed by then.
     */
    private static String barrier(String key) {
        String value = "barrier-" + UUID.randomUUID();
        TestTopics.produce(Topics.LOAN_EVENTS, key, value);
        TestTopics.awaitRecord(Topics.NOTIFICATIONS_DLQ, r -> key.equals(r.key()) && value.equals(r.value()));
        return value;
    }

    /** Dead letters with {@code key} so far (the topic is read after the record that follows was applied). */
    private static List<ConsumerRecord<String, String>> deadLettersWithKey(String key) {
        return TestTopics.readAll(Topics.NOTIFICATIONS_DLQ).stream().filter(r -> key.equals(r.key())).toList();
    }
}
