package com.orbitlend.gateway.ingest;

import com.orbitlend.events.InvalidEventException;
import com.orbitlend.events.notification.Notification;
import com.orbitlend.gateway.delivery.Delivered;
import com.orbitlend.gateway.delivery.LiveFrontier;
import com.orbitlend.gateway.delivery.SessionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Fan-out: every replica reads every partition of the notifications topic (a consumer group of its own,
 * from the latest offset, no commits) and hands each record to its local sessions. Invalid records are
 * skipped here; the archiver dead-letters them once for all replicas.
 */
@ApplicationScoped
public class NotificationFanOut {

    private static final Logger LOG = Logger.getLogger(NotificationFanOut.class);

    @Inject
    SessionRegistry sessions;

    @Inject
    LiveFrontier frontier;

    @Incoming("notifications-fanout")
    public void fanOut(ConsumerRecord<String, String> record) {
        frontier.dispatching(record.partition(), record.offset());
        Notification notification;
        try {
            notification = NotificationRecords.parse(record.key(), record.value());
        } catch (InvalidEventException e) {
            LOG.debugf("Skipping invalid notification %d@%d: %s", record.partition(), record.offset(), e.getMessage());
            return;
        }
        sessions.dispatch(new Delivered(notification.channel(), record.partition(), record.offset(), notification));
    }
}
