package com.orbitlend.gateway.ingest;

import com.orbitlend.events.EventJson;
import com.orbitlend.events.InvalidEventException;
import com.orbitlend.events.notification.Notification;
import com.orbitlend.gateway.routing.NotificationRouter;
import com.orbitlend.gateway.routing.RoutingException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Router: domain events (shared consumer group) to notifications keyed by channel. The input is acknowledged
 * only after every output is acknowledged by Kafka (at-least-once; redelivery yields the same notification
 * ids); while Kafka refuses the outputs, the record is retried with backoff. A record that does not follow the
 * contract, whose mapping fails, whose notifications the archiver would refuse ({@link NotificationRecords}) or
 * that Kafka refuses for good (too large) is dead-lettered with the reason, and consumption goes on: nothing a
 * producer writes fails the channel.
 */
@ApplicationScoped
public class DomainEventRouter {

    static final String CONSUMER = "notification-gateway-router";
    private static final Logger LOG = Logger.getLogger(DomainEventRouter.class);
    private static final Duration RETRY_MIN = Duration.ofSeconds(1);
    private static final Duration RETRY_MAX = Duration.ofSeconds(30);

    @Inject
    NotificationRouter router;

    @Inject
    DeadLetters deadLetters;

    @Inject
    @Channel("notifications")
    MutinyEmitter<String> notifications;

    @Incoming("domain-events")
    public Uni<Void> route(Message<String> record) {
        try {
            return routeOrDeadLetter(record);
        } catch (RuntimeException | StackOverflowError e) {
            // a bug, not the record: still never stop the channel on one record
            LOG.errorf(e, "Routing %s failed unexpectedly", describe(record));
            return deadLetterAndAck(record, "Cannot route: " + NotificationRecords.rootMessage(e));
        }
    }

    private Uni<Void> routeOrDeadLetter(Message<String> record) {
        List<Notification> routed;
        List<String> values = new ArrayList<>();
        try {
            routed = router.route(EventJson.readEvent(record.getPayload()));
            for (Notification notification : routed) {
                // what the archiver and the fan-out would refuse is never published: the event is dead-lettered
                values.add(NotificationRecords.checkOutgoing(notification));
            }
        } catch (InvalidEventException | RoutingException e) {
            return deadLetterAndAck(record, e.getMessage());
        } catch (RuntimeException e) {
            return deadLetterAndAck(record, "Cannot route: " + NotificationRecords.rootMessage(e));
        }
        Uni<Void> published = Uni.createFrom().voidItem();
        for (int i = 0; i < routed.size(); i++) {
            Notification notification = routed.get(i);
            String value = values.get(i);
            // one after the other: the notifications of one event keep their order in a shared channel
            published = published.chain(() -> publish(notification, value));
        }
        return published
                // Kafka refuses this record for good (too large for the broker): dead-letter the domain event
                // rather than retrying it for ever; notifications of it already published stay published
                .onFailure(DomainEventRouter::permanent).recoverWithUni(failure -> deadLetter(record,
                        "Publishing its notifications failed permanently: " + NotificationRecords.rootMessage(failure)))
                // Kafka unreachable for longer than the producer's delivery timeout: keep this record (and so its
                // partition) waiting and try again, rather than acknowledging it or stopping the channel for good.
                // A retry re-sends the same notification ids, which the archive and the sessions deduplicate.
                .onFailure().invoke(failure -> LOG.warnf("Publishing notifications of %s failed, retrying: %s",
                        describe(record), failure.getMessage()))
                .onFailure().retry().withBackOff(RETRY_MIN, RETRY_MAX).indefinitely()
                .chain(() -> Uni.createFrom().completionStage(record.ack()));
    }

    /** A failure that sending the same record again cannot cure. */
    static boolean permanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
                    || t instanceof InvalidRecordException || t instanceof SerializationException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Message<String> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getTopic() + "-" + m.getPartition() + "@" + m.getOffset())
                .orElse("record");
    }

    private Uni<Void> publish(Notification notification, String value) {
        return notifications.sendMessage(Message.of(value)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(notification.channel()).build()));
    }

    /** Dead-letters the record (retrying while Kafka is away), then acknowledges it. */
    private Uni<Void> deadLetterAndAck(Message<String> record, String reason) {
        return deadLetter(record, reason)
                .onFailure().invoke(failure -> LOG.warnf("Dead-lettering %s failed, retrying: %s", describe(record),
                        failure.getMessage()))
                .onFailure().retry().withBackOff(RETRY_MIN, RETRY_MAX).indefinitely()
                .chain(() -> Uni.createFrom().completionStage(record.ack()));
    }

    private Uni<Void> deadLetter(Message<String> record, String reason) {
        return Uni.createFrom().deferred(() -> {
            IncomingKafkaRecordMetadata<?, ?> source = record.getMetadata(IncomingKafkaRecordMetadata.class)
                    .orElseThrow(() -> new IllegalStateException("not a Kafka record"));
            return deadLetters.send(CONSUMER, source.getTopic(), source.getPartition(), source.getOffset(),
                    source.getKey() == null ? null : source.getKey().toString(), record.getPayload(), reason);
        });
    }
}
