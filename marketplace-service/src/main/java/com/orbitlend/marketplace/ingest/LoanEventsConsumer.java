package com.orbitlend.marketplace.ingest;

import com.orbitlend.events.CloudEvent;
import com.orbitlend.events.EventType;
import com.orbitlend.events.InvalidEventException;
import com.orbitlend.events.Topics;
import com.orbitlend.events.loan.LoanFunded;
import com.orbitlend.kit.consumer.DataErrors;
import com.orbitlend.kit.consumer.EventLimits;
import com.orbitlend.kit.consumer.EventShape;
import com.orbitlend.kit.consumer.RecordText;
import com.orbitlend.kit.deadletter.DeadLetters;
import com.orbitlend.marketplace.service.ConflictingEventException;
import com.orbitlend.marketplace.service.NoteRegistration;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Loan events (consumer group {@code marketplace-service}): a funded loan registers its note; the other loan
 * event types are skipped. Poison-proof: records are read as bytes and decoded strictly; a record that breaks
 * the contract (not UTF-8, not a CloudEvent, an unregistered type or one of another topic, an invalid payload,
 * keyed by another loan, values the inbox or loan_note cannot hold), or contradicts the registered notes, is
 * dead-lettered with the reason and consumption goes on. Should the database still refuse a funding event for
 * its data (SQLState class 22 or 23, twice: see {@link DataErrors#attempt}), the transaction is rolled back (no
 * inbox row, no note) and the record dead-lettered too. Any other failure (database or broker down) is retried by
 * the {@link Retrier}; when the retries are exhausted the exception reaches the connector, whose {@code fail}
 * strategy stops the channel without committing the record, so it is redelivered after a restart, never lost.
 */
@ApplicationScoped
public class LoanEventsConsumer {

    private static final Logger LOG = Logger.getLogger(LoanEventsConsumer.class);
    /** Longest ids and asset the inbox and the loan_note table hold. */
    static final int MAX_EVENT_ID = 128;
    static final int MAX_ID = 255;
    static final int MAX_ASSET = 16;
    /** loan_note.principal is NUMERIC(38,8). */
    static final int AMOUNT_INTEGER_DIGITS = 30;
    static final int AMOUNT_FRACTION_DIGITS = 8;

    private final NoteRegistration registration;
    private final DeadLetters deadLetters;
    private final Retrier retrier;

    LoanEventsConsumer(NoteRegistration registration, DeadLetters deadLetters, Retrier retrier) {
        this.registration = registration;
        this.deadLetters = deadLetters;
        this.retrier = retrier;
    }

    @Incoming("loan-events")
    @Blocking
    public void consume(ConsumerRecord<byte[], byte[]> record) {
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        retrier.run("Loan event " + where, () -> process(record));
    }

    /**
     * The funding event of a record, or null for another loan event (skipped).
     *
     * @throws InvalidEventException if the record can never be applied
     */
    static Funding read(String key, String value) throws InvalidEventException {
        CloudEvent event = EventShape.read(value);
        EventType type = EventType.fromType(event.type())
                .filter(t -> t.topic().equals(Topics.LOAN_EVENTS))
                .orElseThrow(() -> new InvalidEventException("Unknown event type " + abbreviate(event.type())
                        + " on " + Topics.LOAN_EVENTS));
        if (type != EventType.LOAN_FUNDED) {
            return null;
        }
        LoanFunded funded = (LoanFunded) EventShape.payload(event);
        requireStorable(event.id(), funded);
        EventLimits.time(event.time(), "Event time");
        if (!funded.loanId().equals(key)) {
            // the contract keys loan events by loan id; one loan's events are ordered only within its key
            throw new InvalidEventException("Record key " + abbreviate(key) + " is not the event's loanId "
                    + funded.loanId());
        }
        return new Funding(event.id(), funded);
    }

    /** A funding event that passed every check. */
    record Funding(String eventId, LoanFunded funded) {
    }

    /**
     * Rejects values the inbox or loan_note columns cannot hold: storing them would fail on every attempt, where
     * the record belongs in the dead letters.
     */
    static void requireStorable(String eventId, LoanFunded funded) throws InvalidEventException {
        EventLimits.text(eventId, "Event id", MAX_EVENT_ID);
        EventLimits.text(funded.loanId(), "loanId", MAX_ID);
        EventLimits.text(funded.nftId(), "nftId", MAX_ID);
        EventLimits.text(funded.userId(), "userId", MAX_ID);
        if (funded.asset() != null && (funded.asset().isBlank() || funded.asset().length() > MAX_ASSET)) {
            throw new InvalidEventException("asset must be an asset symbol of at most " + MAX_ASSET
                    + " characters, got \"" + abbreviate(funded.asset()) + "\"");
        }
        EventLimits.optionalText(funded.asset(), "asset", MAX_ASSET);
        EventLimits.amount(funded.amount(), "amount", AMOUNT_INTEGER_DIGITS, AMOUNT_FRACTION_DIGITS);
    }

    private void process(ConsumerRecord<byte[], byte[]> record) {
        Funding funding;
        try {
            RecordText text = RecordText.of(record);
            funding = read(text.key(), text.value());
        } catch (InvalidEventException e) {
            deadLetters.sendRaw(NoteRegistration.CONSUMER, record, e.getMessage());
            return;
        }
        if (funding == null) {
            return;
        }
        try {
            Optional<String> refused = DataErrors.attempt(() -> {
                NoteRegistration.Outcome outcome = registration.register(funding.eventId(), funding.funded());
                LOG.debugf("Funding event %s of loan %s: %s", funding.eventId(), funding.funded().loanId(),
                        outcome);
            });
            if (refused.isPresent()) {
                deadLetters.sendRaw(NoteRegistration.CONSUMER, record, "Refused by the database: " + refused.get());
            }
        } catch (ConflictingEventException e) {
            deadLetters.sendRaw(NoteRegistration.CONSUMER, record, e.getMessage());
        }
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
