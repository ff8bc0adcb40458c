package com.orbitlend.loan.kyc;

import com.orbitlend.events.InvalidEventException;
import com.orbitlend.kit.consumer.DataErrors;
import com.orbitlend.kit.consumer.RecordText;
import com.orbitlend.kit.deadletter.DeadLetters;
import com.orbitlend.kit.inbox.Inbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Projects orbitlend.kyc.events into {@link BorrowerKyc}, one record at a time in its own transaction.
 *
 * <ul>
 * <li>Idempotent: the event id goes into the inbox in the same transaction, so a redelivered event (the relay
 * re-sending a batch, a rebalance) is skipped.
 * <li>Monotonic: an event older than the one applied last is ignored. The inbox already covers replays of the
 * very same events; the time guard also covers an old event the inbox no longer knows (its rows pruned) or
 * that overtook a newer one through another partition (partition count changed).
 * <li>Poison-proof: records are read as bytes and decoded strictly ({@link RecordText}), then checked against the
 * contract and the columns ({@link KycChange#of}); a record that fails is dead-lettered with the reason and
 * acknowledged. Should the database still refuse a record for its data (SQLState class 22 or 23, twice: see
 * {@link DataErrors#attempt}), its transaction is rolled back, so the inbox does not mark it, and it is
 * dead-lettered too. Consumption goes on either way.
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
    public void consume(ConsumerRecord<byte[], byte[]> record) {
        KycChange change;
        try {
            RecordText text = RecordText.of(record);
            change = KycChange.of(text.key(), text.value());
        } catch (InvalidEventException e) {
            deadLetters.sendRaw(GROUP, record, e.getMessage());
            return;
        }
        Optional<String> refused = DataErrors.attempt(
                () -> QuarkusTransaction.requiringNew().run(() -> apply(change)));
        if (refused.isPresent()) {
            deadLetters.sendRaw(GROUP, record, "Refused by the database: " + refused.get());
        }
    }

    private void apply(KycChange change) {
        if (!inbox.firstDelivery(INBOX_CONSUMER, change.eventId())) {
            LOG.debugf("KYC event %s already applied; skipped", change.eventId());
            return;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (!BorrowerKyc.apply(change.userId(), change.status(), change.kycId(), change.time(), now)) {
            LOG.infof("KYC event %s (%s of %s at %s) is older than the status applied last; ignored",
                    change.eventId(), change.status().wire(), change.userId(), change.time());
        }
        // a refused write fails here, inside the transaction, rather than at its commit
        BorrowerKyc.flush();
    }
}
