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
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;

/**
 * Router: domain events (shared consumer group) to notifications keyed by channel. The input is acknowledged
 * only after every output is acknowledged by Kafka (at-least-once; redelivery yields the same notification
 * ids); while Kafka refuses the outputs, the record is retried with backoff. A record that does not follow the contract is dead-lettered and consumption goes on.
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
        List<Notification> routed;
        try {
            routed = router.route(EventJson.readEvent(record.getPayload()));
        } catch (InvalidEventException | RoutingException e) {
            return deadLetter(record, e.getMessage())
                    .chain(() -> Uni.createFrom().completionStage(record.ack()));
        }
        Uni<Void> published = Uni.createFrom().voidItem();
        for (Notification notification : routed) {
            // one after the other: the notifications of one event keep their order in a shared channel
            published = published.chain(() -> publish(notification));
        }
        return published
                // Kafka unreachable for longer than the producer's delivery timeout: keep this record (and so its
                // partition) waiting and try again, rather than acknowledging it or stopping the channel for good.
                // A retry re-sends the same notification ids, which the archive and the sessions deduplicate.
                .onFailure().invoke(failure -> LOG.warnf("Publishing notifications of %s failed, retrying: %s",
                        describe(record), failure.getMessage()))
                .onFailure().retry().withBackOff(RETRY_MIN, RETRY_MAX).indefinitely()
                .chain(() -> Uni.createFrom().completionStage(record.ack()));
    }

    private static String describe(Message<String> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getTopic() + "-" + m.getPartition() + "@" + m.getOffset())
                .orElse("record");
    }

    private Uni<Void> publish(Notification notification) {
        return notifications.sendMessage(Message.of(EventJson.write(notification))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(notification.channel()).build()));
    }

    private Uni<Void> deadLetter(Message<String> record, String reason) {
        IncomingKafkaRecordMetadata<?, ?> source = record.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("not a Kafka record"));
        return deadLetters.send(CONSUMER, source.getTopic(), source.getPartition(), source.getOffset(),
                source.getKey() == null ? null : source.getKey().toString(), record.getPayload(), reason);
    }
}
