package com.orbitlend.gateway.ingest;

import com.orbitlend.events.InvalidEventException;
import com.orbitlend.events.notification.Notification;
import com.orbitlend.gateway.config.GatewayConfig;
import com.orbitlend.gateway.delivery.Delivered;
import com.orbitlend.gateway.delivery.SessionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fan-out: every replica reads every partition of the notifications topic ({@link FanOutReader}: its own
 * consumer, from the latest offset, no group, no commits) and hands each poll to its local sessions. Per record, once per
 * replica: check it (the verdict is kept for this replica's archiver, {@link RecordVerdicts}), drop a repeated
 * notification id of its channel (the producers publish at least once), and (in {@link SessionRegistry#dispatch})
 * encode its frame, keep it for resumes and move the live frontier. Invalid records are skipped here; the archiver
 * dead-letters them once for all replicas.
 */
@ApplicationScoped
public class NotificationFanOut {

    private static final Logger LOG = Logger.getLogger(NotificationFanOut.class);

    @Inject
    SessionRegistry sessions;

    @Inject
    GatewayConfig config;

    @Inject
    RecordVerdicts verdicts;

    /** Per partition, the last ids seen (channel + id): only the consumer's thread touches it. */
    private final Map<Integer, RecentNotifications> recent = new HashMap<>();

    /** One poll of the fan-out's consumer, on its thread. */
    public void fanOut(ConsumerRecords<String, String> records) {
        List<Delivered> batch = new ArrayList<>(records.count());
        Map<Integer, Long> next = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            next.merge(record.partition(), record.offset() + 1, Math::max);
            Notification notification;
            try {
                NotificationRecords.Checked checked = NotificationRecords.check(record.key(), record.value());
                verdicts.put(record.partition(), record.offset(), record.value(), checked);
                notification = checked.notification();
            } catch (InvalidEventException e) {
                verdicts.put(record.partition(), record.offset(), record.value(), e);
                LOG.debugf("Skipping invalid notification %d@%d: %s", record.partition(), record.offset(), e.getMessage());
                continue;
            }
            if (recent.computeIfAbsent(record.partition(), p -> new RecentNotifications(config.delivery().dedupWindow()))
                    .firstSeen(notification.channel(), notification.id())) {
                batch.add(new Delivered(notification.channel(), record.partition(), record.offset(), notification));
            }
        }
        sessions.dispatch(batch, next);
    }
}
