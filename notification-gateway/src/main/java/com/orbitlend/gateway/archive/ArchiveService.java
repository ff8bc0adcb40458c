package com.orbitlend.gateway.archive;

import com.orbitlend.events.EventJson;
import com.orbitlend.events.notification.Notification;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** The lowest offset of {@code partition} whose rows are all still archived (0: nothing pruned yet). */
    public long retainedFrom(int partition) {
        List<?> rows = Panache.getEntityManager()
                .createNativeQuery("SELECT retained_from FROM archive_progress WHERE partition = ?1", Long.class)
                .setParameter(1, partition)
                .getResultList();
        return rows.isEmpty() ? 0L : ((Number) rows.get(0)).longValue();
    }

    /**
     * Deletes up to {@code batch} rows archived before {@code cutoff}, oldest first, and moves each partition's
     * {@code retained_from} past the highest deleted offset in the same transaction. Returns how many rows.
     */
    public int pruneBatch(Instant cutoff, int batch) {
        @SuppressWarnings("unchecked")
        List<Object[]> deleted = Panache.getEntityManager().createNativeQuery("""
                WITH doomed AS (
                    SELECT id FROM notification WHERE archived_at < ?1 ORDER BY archived_at, id LIMIT ?2
                    FOR UPDATE SKIP LOCKED)
                DELETE FROM notification n USING doomed WHERE n.id = doomed.id
                RETURNING n.kafka_partition, n.kafka_offset""")
                .setParameter(1, Timestamp.from(cutoff))
                .setParameter(2, batch)
                .getResultList();
        Map<Integer, Long> highest = new HashMap<>();
        for (Object[] row : deleted) {
            highest.merge(((Number) row[0]).intValue(), ((Number) row[1]).longValue(), Math::max);
        }
        highest.forEach((partition, offset) -> Panache.getEntityManager().createNativeQuery("""
                INSERT INTO archive_progress (partition, next_offset, retained_from) VALUES (?1, ?2, ?2)
                ON CONFLICT (partition)
                DO UPDATE SET retained_from = GREATEST(archive_progress.retained_from, EXCLUDED.retained_from)""")
                .setParameter(1, partition)
                .setParameter(2, offset + 1)
                .executeUpdate());
        return deleted.size();
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
