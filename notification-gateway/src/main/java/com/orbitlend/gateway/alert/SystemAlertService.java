package com.orbitlend.gateway.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.InvalidEventException;
import com.orbitlend.events.notification.AdminNotificationData;
import com.orbitlend.events.notification.Channel;
import com.orbitlend.events.notification.ClientEvent;
import com.orbitlend.events.notification.Notification;
import com.orbitlend.gateway.ingest.NotificationRecords;
import com.orbitlend.kit.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Publishes an admin-requested {@code system_alert} to the notifications topic for {@code role:admin}, exactly
 * as any other producer does (README "Other producers"): the events-contract {@link Notification} as JSON, key =
 * its channel, checked by {@link NotificationRecords} first. From there it takes the normal path: archived,
 * fanned out to the admins' sessions, listed in their notification centre.
 */
@ApplicationScoped
public class SystemAlertService {

    static final Channel ADMINS = Channel.role("admin");
    private static final Logger LOG = Logger.getLogger(SystemAlertService.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    private final Clock clock = Clock.systemUTC();

    @Inject
    @org.eclipse.microprofile.reactive.messaging.Channel("system-alerts")
    MutinyEmitter<String> alerts;

    /** Completes with the notification id once Kafka acknowledged the record (acks=all). */
    public Uni<AlertAccepted> publish(String requestedBy, String message, String severity) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        ObjectNode subject = EventJson.mapper().createObjectNode()
                .put("severity", severity)
                .put("source", "simulate")
                .put("requestedBy", requestedBy);
        AdminNotificationData data = new AdminNotificationData(AdminNotificationData.Type.SYSTEM_ALERT, message,
                subject, now);
        Notification notification = new Notification(UUID.randomUUID().toString(), ADMINS.toString(),
                ClientEvent.ADMIN_NOTIFICATION.eventName(), EventJson.mapper().valueToTree(data), now, null);
        String value;
        try {
            value = NotificationRecords.checkOutgoing(notification);
        } catch (InvalidEventException e) {
            // e.g. an unpaired surrogate in the message: the archive could not store it
            return Uni.createFrom().failure(new ProblemException(400, "Bad Request", "The alert cannot be "
                    + "published: " + e.getMessage()));
        }
        return alerts.sendMessage(Message.of(value).addMetadata(
                        OutgoingKafkaRecordMetadata.<String>builder().withKey(notification.channel()).build()))
                .ifNoItem().after(SEND_TIMEOUT).fail()
                .onFailure().transform(failure -> {
                    LOG.warnf("System alert %s not acknowledged by Kafka: %s", notification.id(), failure.toString());
                    return new ProblemException(503, "Service Unavailable", "Kafka did not acknowledge the alert "
                            + "in time; it may still be delivered (id " + notification.id() + ").");
                })
                .replaceWith(new AlertAccepted(notification.id()));
    }
}
