package com.orbitlend.gateway.archive;

import com.orbitlend.events.EventJson;
import com.orbitlend.events.notification.Notification;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

/**
 * Writes the archive and its per-partition progress in one transaction, so that "progress >= n" always
 * means every record below offset n is archived (or was dead-lettered).
 */
@ApplicationScoped
@Transactional
public class ArchiveService {

    /** Archives one record; a notification id already archived for its channel is skipped. */
    public void archive(String channel, int partition, long offset, Notification notification) {
        Panache.getEntityManager().createNativeQuery("""
                INSERT INTO notification (channel, kafka_partition, kafka_offset, event_id, event, payload,
                                          occurred_at, archived_at)
                VALUES (?1, ?2, ?3, ?4, ?5, CAST(?6 AS jsonb), ?7, now())
                ON CONFLICT (channel, event_id) DO NOTHING""")
                .setParameter(1, channel)
                .setParameter(2, partition)
                .setParameter(3, offset)
                .setParameter(4, notification.id())
                .setParameter(5, notification.event())
                .setParameter(6, EventJson.write(notification))
                .setParameter(7, Timestamp.from(notification.time()))
                .executeUpdate();
        advance(partition, offset);
    }

    /** Moves progress past a record that was not archived (dead-lettered). */
    public void skip(int partition, long offset) {
        advance(partition, offset);
    }

    public List<ArchivedNotification> after(String channel, int partition, long offset, int limit) {
        return ArchivedNotification.after(channel, partition, offset, limit);
    }

    public List<String> idsUpTo(String channel, int partition, long offset, int limit) {
        return ArchivedNotification.idsUpTo(channel, partition, offset, limit);
    }

    public Optional<Long> nextOffset(int partition) {
        return Panache.getEntityManager()
                .createNativeQuery("SELECT next_offset FROM archive_progress WHERE partition = ?1", Long.class)
                .setParameter(1, partition)
                .getResultStream().findFirst().map(Long.class::cast);
    }

    private void advance(int partition, long offset) {
        Panache.getEntityManager().createNativeQuery("""
                INSERT INTO archive_progress (partition, next_offset) VALUES (?1, ?2)
                ON CONFLICT (partition)
                DO UPDATE SET next_offset = GREATEST(archive_progress.next_offset, EXCLUDED.next_offset)""")
                .setParameter(1, partition)
                .setParameter(2, offset + 1)
                .executeUpdate();
    }
}
