package com.orbitlend.loan.kyc;

import com.orbitlend.events.CloudEvent;
import com.orbitlend.events.DeadLetterHeaders;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.Topics;
import com.orbitlend.events.kyc.KycApproved;
import com.orbitlend.events.kyc.KycRejected;
import com.orbitlend.events.kyc.KycSubmitted;
import com.orbitlend.events.loan.LoanApproved;
import com.orbitlend.loan.KycEvents;
import com.orbitlend.loan.LoanServiceTestProfile;
import com.orbitlend.testkit.kafka.TestTopics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static com.orbitlend.testkit.kafka.TestTopics.header;
import static com.orbitlend.loan.KycEvents.awaitProcessed;
import static com.orbitlend.loan.KycEvents.awaitStatus;
import static com.orbitlend.loan.KycEvents.inboxRows;
import static com.orbitlend.loan.KycEvents.projected;
import static com.orbitlend.loan.KycEvents.publish;
import static com.orbitlend.loan.KycEvents.publishRaw;
import static com.orbitlend.loan.LoanApi.newUser;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@TestProfile(LoanServiceTestProfile.class)
class KycProjectionTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void followsSubmittedApprovedRejected() {
        String user = newUser();
        Instant t = Instant.now().truncatedTo(ChronoUnit.MICROS);

        publish(new KycSubmitted("kyc-1", user), t);
        awaitStatus(user, "submitted");
        publish(new KycApproved("kyc-1", user, "kyc-admin"), t.plusSeconds(1));
        awaitStatus(user, "approved");
        publish(new KycRejected("kyc-1", user, "document expired", "kyc-admin"), t.plusSeconds(2));
        awaitStatus(user, "rejected");

        assertThat(projected(user)).hasValueSatisfying(row -> {
            assertThat(row.kycId()).isEqualTo("kyc-1");
            assertThat(row.lastEventTime()).isEqualTo(t.plusSeconds(2));
        });
    }

    @Test
    void theSameEventDeliveredTwiceIsAppliedOnce() {
        String user = newUser();
        Instant t = Instant.now();
        CloudEvent approved = publish(new KycApproved("kyc-1", user, "kyc-admin"), t);
        awaitStatus(user, "approved");
        // same instant: only the inbox, not the time guard, can tell the redelivery below from a new event
        publish(new KycRejected("kyc-1", user, "sanctions hit", "kyc-admin"), t);
        awaitStatus(user, "rejected");

        publish(approved);
        CloudEvent barrier = publish(new KycSubmitted("kyc-0", user), t.minusSeconds(60));
        awaitProcessed(barrier);

        assertThat(inboxRows(approved.id())).isEqualTo(1);
        assertThat(projected(user)).hasValueSatisfying(row -> assertThat(row.status()).isEqualTo("rejected"));
    }

    @Test
    void anOldEventReplayedAfterANewerOneDoesNotRegressTheStatus() {
        String user = newUser();
        Instant t = Instant.now().truncatedTo(ChronoUnit.MICROS);
        CloudEvent submitted = publish(new KycSubmitted("kyc-1", user), t);
        CloudEvent approved = publish(new KycApproved("kyc-1", user, "kyc-admin"), t.plusMillis(500));
        awaitStatus(user, "approved");
        Instant appliedAt = projected(user).orElseThrow().updatedAt();

        // the relay re-sends its batch: a known id, skipped by the inbox
        publish(submitted);
        // an old event the inbox does not know (its rows pruned, or it came through another partition)
        CloudEvent unknownOld = publish(new KycSubmitted("kyc-1", user), t.minusMillis(1));
        awaitProcessed(unknownOld);

        assertThat(projected(user)).hasValueSatisfying(row -> {
            assertThat(row.status()).isEqualTo("approved");
            assertThat(row.lastEventTime()).isEqualTo(approved.time());
            assertThat(row.updatedAt()).isEqualTo(appliedAt);
        });
        assertThat(inboxRows(submitted.id())).isEqualTo(1);
    }

    @Test
    void malformedRecordsAreDeadLetteredAndConsumptionGoesOn() {
        String user = newUser();
        CloudEvent loanEvent = CloudEvent.wrap(KycEvents.SOURCE,
                new LoanApproved("loan-1", user, BigDecimal.TEN, "admin-1"), Instant.now());
        CloudEvent otherUsers = CloudEvent.wrap(KycEvents.SOURCE, new KycApproved("kyc-9", newUser(), "a"),
                Instant.now());

        RecordMetadata notJson = publishRaw(user, "{not json");
        RecordMetadata noPayload = publishRaw(user, "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"s\","
                + "\"type\":\"orbitlend.kyc.approved.v1\",\"subject\":\"" + user + "\",\"time\":\""
                + Instant.now() + "\",\"data\":{\"kycId\":\"kyc-1\"}}");
        RecordMetadata wrongType = publishRaw(user, EventJson.write(loanEvent));
        RecordMetadata wrongKey = publishRaw(user, EventJson.write(otherUsers));
        RecordMetadata tombstone = publishRaw(user, null);
        publish(new KycApproved("kyc-1", user, "kyc-admin"), Instant.now());

        awaitStatus(user, "approved");
        assertDeadLettered(notJson, user, "Not a valid CloudEvent");
        assertDeadLettered(noPayload, user, "Invalid payload for orbitlend.kyc.approved.v1");
        assertDeadLettered(wrongType, user, "Not a KYC event: orbitlend.loan.approved.v1");
        assertDeadLettered(wrongKey, user, "is not the event's userId");
        assertDeadLettered(tombstone, user, "tombstone");
        assertThat(inboxRows(otherUsers.id())).isZero();
    }

    @Test
    void aRecordTheDatabaseRefusesIsRolledBackDeadLetteredAndConsumptionGoesOn() throws SQLException {
        // a rule the edge checks do not know: the write fails in PostgreSQL, for this record's data only
        execute("alter table borrower_kyc add constraint test_refused_kyc check (kyc_id not like 'refused-%')");
        try {
            String user = newUser();
            Instant t = Instant.now().truncatedTo(ChronoUnit.MICROS);
            CloudEvent refused = CloudEvent.wrap(KycEvents.SOURCE, new KycApproved("refused-1", user, "kyc-admin"), t);
            RecordMetadata refusedAt = publish(refused);
            publish(new KycSubmitted("kyc-2", user), t.plusSeconds(1));

            awaitStatus(user, "submitted");
            assertDeadLettered(refusedAt, user, "Refused by the database: SQLState 23514");
            assertThat(inboxRows(refused.id())).as("the refused event's inbox row was rolled back").isZero();
        } finally {
            execute("alter table borrower_kyc drop constraint test_refused_kyc");
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void assertDeadLettered(RecordMetadata source, String key, String reason) {
        ConsumerRecord<String, String> letter = TestTopics.awaitRecord(Topics.NOTIFICATIONS_DLQ,
                r -> source.topic().equals(header(r, DeadLetterHeaders.TOPIC))
                        && Integer.toString(source.partition()).equals(header(r, DeadLetterHeaders.PARTITION))
                        && Long.toString(source.offset()).equals(header(r, DeadLetterHeaders.OFFSET)));
        assertThat(letter.key()).isEqualTo(key);
        assertThat(header(letter, DeadLetterHeaders.REASON)).contains(reason);
        assertThat(header(letter, DeadLetterHeaders.TOPIC)).isEqualTo(Topics.KYC_EVENTS);
        assertThat(header(letter, DeadLetterHeaders.CONSUMER)).isEqualTo(KycProjection.GROUP);
    }
}
