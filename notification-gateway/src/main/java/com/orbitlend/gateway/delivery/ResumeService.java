package com.orbitlend.gateway.delivery;

import com.orbitlend.events.EventJson;
import com.orbitlend.events.notification.Notification;
import com.orbitlend.gateway.archive.ArchiveService;
import com.orbitlend.gateway.archive.ArchivedNotification;
import com.orbitlend.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Resume (delivery.md): the session is already registered and holding its live records; this reads what the
 * client missed from the archive, once the archive has caught up with the point where the live stream starts,
 * and releases replay + live in order. Any replica can do it: the state is in Kafka and PostgreSQL.
 */
@ApplicationScoped
public class ResumeService {

    private static final Logger LOG = Logger.getLogger(ResumeService.class);

    /** What the client missed, or why it cannot be recovered (then {@code missed} is empty). */
    public record Replay(boolean recovered, String reason, List<Delivered> missed) {

        public static Replay notRecovered(String reason) {
            return new Replay(false, reason, List.of());
        }
    }

    @Inject
    ArchiveService archive;

    @Inject
    LiveFrontier frontier;

    @Inject
    GatewayConfig config;

    /**
     * The records after the cursor, for a session already registered and holding its live records. Blocks
     * (bounded by resume-wait) while the archive catches up; call on a worker thread. The caller hands the
     * result to {@link ClientSession#release(List)}.
     */
    public Replay missedSince(ClientSession session, Map<String, Position> cursor) {
        Map<Integer, Long> live = frontier.snapshot();
        Map<String, Position> entitled = new java.util.TreeMap<>(cursor);
        entitled.keySet().retainAll(session.channels());
        for (Position position : entitled.values()) {
            Long liveFrom = live.get(position.partition());
            if (liveFrom == null) {
                return Replay.notRecovered("not_ready");
            }
            if (!awaitArchived(position.partition(), liveFrom)) {
                return Replay.notRecovered("archive_behind");
            }
        }
        List<Delivered> missed = new ArrayList<>();
        int limit = session.capacity();
        for (Map.Entry<String, Position> entry : entitled.entrySet()) {
            String channel = entry.getKey();
            Position after = entry.getValue();
            List<ArchivedNotification> rows = archive.after(channel, after.partition(), after.offset(),
                    limit - missed.size() + 1);
            if (missed.size() + rows.size() > limit) {
                // more than the session may queue: the client reloads over REST instead
                return Replay.notRecovered("too_far_behind");
            }
            for (ArchivedNotification row : rows) {
                missed.add(new Delivered(channel, row.kafkaPartition, row.kafkaOffset, notification(row)));
            }
            session.remember(channel, archive.idsUpTo(channel, after.partition(), after.offset(),
                    config.delivery().dedupWindow()));
        }
        return new Replay(true, null, missed);
    }

    private boolean awaitArchived(int partition, long offset) {
        Instant deadline = Instant.now().plus(config.delivery().resumeWait());
        while (archive.nextOffset(partition).orElse(0L) < offset) {
            if (Instant.now().isAfter(deadline)) {
                LOG.infof("Archive of partition %d did not reach offset %d in time", partition, offset);
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static Notification notification(ArchivedNotification row) {
        try {
            return EventJson.mapper().readValue(row.payload, Notification.class);
        } catch (Exception e) {
            throw new IllegalStateException("Archived notification " + row.id + " is unreadable", e);
        }
    }
}
