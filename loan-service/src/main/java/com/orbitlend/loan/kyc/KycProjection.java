package com.orbitlend.loan.kyc;

import com.orbitlend.events.InvalidEventException;
import com.orbitlend.kit.deadletter.DeadLetters;
import com.orbitlend.kit.inbox.Inbox;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Projects orbitlend.kyc.events into {@link BorrowerKyc}, one record at a time in its own transaction.
 *
 * <ul>
 * <li>Idempotent: the event id goes into the inbox in the same transaction, so a redelivered event (the relay
 * re-sending a batch, a rebalance) is skipped.
 * <li>Monotonic: an event older than the one applied last is ignored. The inbox already covers replays of the
 * very same events; the time guard also covers an old event the inbox no longer knows (its rows pruned) or
 * that overtook a newer one through another partition (partition count changed).
 * <li>A record that can never be applied is dead-lettered and acknowledged, so consumption goes on.
 * <li>Anything else (database down) propagates: the transaction rolls back, the record is nacked and not
 * committed, and the channel's failure strategy (fail) stops it; see application.properties.
 * </ul>
 */
@ApplicationScoped
public class KycProjection {

    /** Name of this consumer in the inbox. */
    public static final String INBOX_CONSUMER = "loan-service.kyc-projection";
    /** Kafka consumer group, also named in dead letters. */
    public static final String GROUP = "loan-service-kyc-projection";

    private static final Logger LOG = Logger.getLogger(KycProjection.class);

    private final Inbox inbox;
    private final DeadLetters deadLetters;
    private final Clock clock = Clock.systemUTC();

    KycProjection(Inbox inbox, DeadLetters deadLetters) {
        this.inbox = inbox;
        this.deadLetters = deadLetters;
    }

    @Incoming("kyc-events")
    @Blocking
    @Transactional
    public void consume(ConsumerRecord<String, String> record) {
        KycChange change;
        try {
            change = KycChange.of(record.key(), record.value());
        } catch (InvalidEventException e) {
            deadLetters.send(GROUP, record, e.getMessage());
            return;
        }
        if (!inbox.firstDelivery(INBOX_CONSUMER, change.eventId())) {
            LOG.debugf("KYC event %s already applied; skipped", change.eventId());
            return;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (!BorrowerKyc.apply(change.userId(), change.status(), change.kycId(), change.time(), now)) {
            LOG.infof("KYC event %s (%s of %s at %s) is older than the status applied last; ignored",
                    change.eventId(), change.status().wire(), change.userId(), change.time());
        }
    }
}
