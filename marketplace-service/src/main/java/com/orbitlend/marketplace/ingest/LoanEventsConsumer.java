package com.orbitlend.marketplace.ingest;

import com.orbitlend.events.CloudEvent;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.EventType;
import com.orbitlend.events.InvalidEventException;
import com.orbitlend.events.loan.LoanFunded;
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

    private void process(ConsumerRecord<String, String> record) {
        try {
            CloudEvent event = EventJson.readEvent(record.value());
            if (!EventType.LOAN_FUNDED.type().equals(event.type())) {
                return;
            }
            LoanFunded funded = (LoanFunded) EventJson.payload(event);
            NoteRegistration.Outcome outcome = registration.register(event.id(), funded);
            LOG.debugf("Funding event %s of loan %s: %s", event.id(), funded.loanId(), outcome);
        } catch (InvalidEventException | ConflictingEventException e) {
            deadLetters.send(NoteRegistration.CONSUMER, record, e.getMessage());
        }
    }
}
