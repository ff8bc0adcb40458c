package com.orbitlend.loan;

import com.orbitlend.events.CloudEvent;
import com.orbitlend.events.DomainEvent;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.Topics;
import com.orbitlend.events.kyc.KycApproved;
import com.orbitlend.testkit.kafka.KafkaTestBroker;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Plays kyc-service in tests: publishes KYC CloudEvents to orbitlend.kyc.events of the test broker (key = user
 * id) and reads what the projection made of them.
 */
public final class KycEvents {

    public static final String SOURCE = "/orbitlend/kyc-service";
    private static final String INBOX_CONSUMER = "loan-service.kyc-projection";
    private static final Duration PROJECTION_TIMEOUT = Duration.ofSeconds(30);

    private static Producer<String, String> producer;

    private KycEvents() {
    }

    /** A user whose KYC kyc-service approved, once loan-service projected it. */
    public static String approvedBorrower() {
        String user = LoanApi.newUser();
        approve(user);
        return user;
    }

    /** Publishes a KycApproved for {@code user} and waits until the projection says approved. */
    public static void approve(String user) {
        publish(new KycApproved("kyc-" + UUID.randomUUID(), user, "kyc-admin"), Instant.now());
        awaitStatus(user, "approved");
    }

    /** Wraps and publishes an event of {@code time}, keyed by its aggregate (the user id). */
    public static CloudEvent publish(DomainEvent payload, Instant time) {
        CloudEvent event = CloudEvent.wrap(SOURCE, payload, time);
        publish(event);
        return event;
    }

    /** Publishes an envelope as it is, e.g. again, as a relay re-sending a batch does. */
    public static RecordMetadata publish(CloudEvent event) {
        return publishRaw(event.subject(), EventJson.write(event));
    }

    public static synchronized RecordMetadata publishRaw(String key, String value) {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.ACKS_CONFIG, "all"));
        }
        try {
            return producer.send(new ProducerRecord<>(Topics.KYC_EVENTS, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish to " + Topics.KYC_EVENTS, e);
        }
    }

    public static void awaitStatus(String user, String status) {
        await().atMost(PROJECTION_TIMEOUT).until(() -> projected(user).map(Projected::status),
                s -> s.equals(Optional.of(status)));
    }

    /** Waits until the projection took the event in (applied it or found it stale). */
    public static void awaitProcessed(CloudEvent event) {
        await().atMost(PROJECTION_TIMEOUT).until(() -> inboxRows(event.id()) == 1);
    }

    /** The borrower's row of borrower_kyc, if any. */
    public static Optional<Projected> projected(String user) {
        return query("select status, kyc_id, last_event_time, updated_at from borrower_kyc where user_id = ?",
                user, r -> r.next()
                        ? Optional.of(new Projected(r.getString(1), r.getString(2),
                                r.getTimestamp(3).toInstant(), r.getTimestamp(4).toInstant()))
                        : Optional.empty());
    }

    /** How many times the projection's inbox recorded {@code eventId}. */
    public static int inboxRows(String eventId) {
        return query("select count(*) from processed_event where consumer = '" + INBOX_CONSUMER
                + "' and event_id = ?", eventId, r -> r.next() ? r.getInt(1) : 0);
    }

    /** One row of borrower_kyc. */
    public record Projected(String status, String kycId, Instant lastEventTime, Instant updatedAt) {
    }

    private interface Reader<T> {
        T read(ResultSet r) throws SQLException;
    }

    private static <T> T query(String sql, String parameter, Reader<T> reader) {
        AgroalDataSource dataSource = Arc.container().instance(AgroalDataSource.class).get();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet r = s.executeQuery()) {
                return reader.read(r);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
