package com.orbitlend.gateway.ingest;

import com.orbitlend.events.InvalidEventException;
import com.orbitlend.events.notification.Notification;
import com.orbitlend.gateway.archive.ArchiveService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Archiver: every record of the notifications topic (shared consumer group) into PostgreSQL, with the
 * partition progress, so any replica can resume any client. Invalid records are dead-lettered and the
 * progress moves past them.
 */
@ApplicationScoped
public class NotificationArchiver {

    static final String CONSUMER = "notification-gateway-archiver";

    @Inject
    ArchiveService archive;

    @Inject
    DeadLetters deadLetters;

    @Incoming("notifications-archive")
    @Blocking
    public void archive(ConsumerRecord<String, String> record) {
        Notification notification;
        try {
            notification = NotificationRecords.parse(record.key(), record.value());
        } catch (InvalidEventException e) {
            deadLetters.send(CONSUMER, record.topic(), record.partition(), record.offset(), record.key(),
                    record.value(), e.getMessage()).await().indefinitely();
            archive.skip(record.partition(), record.offset());
            return;
        }
        archive.archive(notification.channel(), record.partition(), record.offset(), notification);
    }
}
