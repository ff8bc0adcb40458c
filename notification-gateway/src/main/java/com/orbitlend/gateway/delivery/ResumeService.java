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
import java.util.Set;
import java.util.TreeMap;

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
     * result to {@link ClientSession#release}. Never silently skips: a cursor that does not name every channel
     * of the session ({@code incomplete_cursor}), that names a channel in another partition than the channel's
     * ({@code invalid_cursor}), that is older than the archive's retention ({@code expired}) or that is too far
     * behind to replay through the session's queue ({@code too_far_behind}) is not recovered.
     */
    public Replay missedSince(ClientSession session, Map<String, Position> cursor) {
        Set<String> channels = session.channels();
        if (!cursor.keySet().containsAll(channels)) {
            return Replay.notRecovered("incomplete_cursor");
        }
        int partitions = frontier.partitions();
        Map<Integer, Long> live = frontier.snapshot();
        Map<String, Position> entitled = new TreeMap<>(cursor);
        entitled.keySet().retainAll(channels);
        if (partitions <= 0) {
            return Replay.notRecovered("not_ready");
        }
        for (Map.Entry<String, Position> entry : entitled.entrySet()) {
            Position position = entry.getValue();
            if (position.partition() != ChannelPartition.of(entry.getKey(), partitions)) {
                return Replay.notRecovered("invalid_cursor");
            }
            Long liveFrom = live.get(position.partition());
            if (liveFrom == null) {
                return Replay.notRecovered("not_ready");
            }
            if (!awaitArchived(position.partition(), liveFrom)) {
                return Replay.notRecovered("archive_behind");
            }
        }
        List<Delivered> missed = new ArrayList<>();
        int limit = session.replayLimit();
        for (Map.Entry<String, Position> entry : entitled.entrySet()) {
            String channel = entry.getKey();
            Position after = entry.getValue();
            List<ArchivedNotification> rows = archive.after(channel, after.partition(), after.offset(),
                    Math.max(0, limit - missed.size()) + 1);
            if (missed.size() + rows.size() > limit) {
                // more than the session may queue: the client reloads over REST instead
                return Replay.notRecovered("too_far_behind");
            }
            for (ArchivedNotification row : rows) {
                missed.add(new Delivered(channel, row.kafkaPartition, row.kafkaOffset, notification(row)));
            }
        }
        // checked after reading: a prune that committed before the read has moved retained_from past the cursor
        for (Position position : entitled.values()) {
            if (position.offset() + 1 < archive.retainedFrom(position.partition())) {
                return Replay.notRecovered("expired");
            }
        }
        entitled.forEach((channel, after) -> session.remember(channel,
                archive.idsUpTo(channel, after.partition(), after.offset(), config.delivery().dedupWindow())));
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
