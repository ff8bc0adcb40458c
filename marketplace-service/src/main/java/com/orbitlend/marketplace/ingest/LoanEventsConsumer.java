package com.orbitlend.marketplace.ingest;

import com.orbitlend.events.CloudEvent;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.EventType;
import com.orbitlend.events.InvalidEventException;
import com.orbitlend.events.loan.LoanFunded;
import com.orbitlend.kit.deadletter.DeadLetters;
import com.orbitlend.marketplace.service.ConflictingEventException;
import com.orbitlend.marketplace.service.NoteRegistration;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Loan events (consumer group {@code marketplace-service}): a funded loan registers its note; other types are
 * skipped. A record that breaks the contract, or contradicts the registered notes, is dead-lettered and
 * consumption goes on. Any other failure (database or broker down) is retried by the {@link Retrier}; when the
 * retries are exhausted the exception reaches the connector, whose {@code fail} strategy stops the channel
 * without committing the record, so it is redelivered after a restart, never lost.
 */
@ApplicationScoped
public class LoanEventsConsumer {

    private static final Logger LOG = Logger.getLogger(LoanEventsConsumer.class);
    /** Longest ids and asset the inbox and the loan_note table hold. */
    static final int MAX_EVENT_ID = 128;
    static final int MAX_ID = 255;
    static final int MAX_ASSET = 16;

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
    public void consume(ConsumerRecord<String, String> record) {
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        retrier.run("Loan event " + where, () -> process(record));
    }

    /**
     * Rejects values the inbox or loan_note columns cannot hold: storing them would fail on every retry and stop
     * the channel, where the record belongs in the dead letters.
     */
    static void requireStorable(String eventId, LoanFunded funded) throws InvalidEventException {
        if (eventId.length() > MAX_EVENT_ID || funded.loanId().length() > MAX_ID
                || funded.nftId().length() > MAX_ID || funded.userId().length() > MAX_ID) {
            throw new InvalidEventException("Event id, loanId, nftId or userId too long");
        }
        if (funded.asset() != null && (funded.asset().isBlank() || funded.asset().length() > MAX_ASSET)) {
            throw new InvalidEventException("asset must be an asset symbol of at most " + MAX_ASSET
                    + " characters, got \"" + funded.asset() + "\"");
        }
    }

    private void process(ConsumerRecord<String, String> record) {
        try {
            CloudEvent event = EventJson.readEvent(record.value());
            if (!EventType.LOAN_FUNDED.type().equals(event.type())) {
                return;
            }
            LoanFunded funded = (LoanFunded) EventJson.payload(event);
            requireStorable(event.id(), funded);
            NoteRegistration.Outcome outcome = registration.register(event.id(), funded);
            LOG.debugf("Funding event %s of loan %s: %s", event.id(), funded.loanId(), outcome);
        } catch (InvalidEventException | ConflictingEventException e) {
            deadLetters.send(NoteRegistration.CONSUMER, record, e.getMessage());
        }
    }
}
