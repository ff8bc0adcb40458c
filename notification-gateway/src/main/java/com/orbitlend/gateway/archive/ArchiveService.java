package com.orbitlend.gateway.archive;

import com.orbitlend.events.EventJson;
import com.orbitlend.events.notification.Notification;
import io.quarkus.hibernate.orm.panache.Panache;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Writes the archive and its per-partition progress in one transaction, so that "progress >= n" always
 * means every record below offset n is archived (or was dead-lettered). The archiver writes whole batches
 * ({@link #archiveBatch}); {@link #archive} (one record) is kept for tests and tools.
 */
@ApplicationScoped
@Transactional
public class ArchiveService {

    @Inject
    AgroalDataSource dataSource;

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

    /** A checked notification to archive: where it was read and the JSON to store (see NotificationRecords). */
    public record Row(int partition, long offset, Notification notification, String json) {
    }

    /**
     * Archives a batch in one transaction: one multi-row insert (arrays unnested server-side; a notification id
     * already archived for its channel is skipped) and each partition's progress moved to {@code nextOffsets}
     * (never backwards). The caller has dead-lettered, and had acknowledged, every record of the batch below
     * those offsets that is not in {@code rows}.
     */
    public void archiveBatch(List<Row> rows, Map<Integer, Long> nextOffsets) {
        if (!rows.isEmpty()) {
            Panache.getEntityManager().unwrap(Session.class).doWork(connection -> insert(connection, rows));
        }
        advance(nextOffsets);
    }

    /** Archives one row (its own transaction when called alone): the slow path after a batch insert failed. */
    public void archiveOne(Row row) {
        Panache.getEntityManager().unwrap(Session.class).doWork(connection -> insert(connection, List.of(row)));
    }

    /** Moves each partition's progress to at least the given next offset, in one statement. */
    public void advance(Map<Integer, Long> nextOffsets) {
        if (nextOffsets.isEmpty()) {
            return;
        }
        // partitions in order: two replicas advancing the same partitions during a rebalance never deadlock
        TreeMap<Integer, Long> sorted = new TreeMap<>(nextOffsets);
        Panache.getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement s = connection.prepareStatement("""
                    INSERT INTO archive_progress (partition, next_offset)
                    SELECT * FROM unnest(?::int4[], ?::int8[])
                    ON CONFLICT (partition)
                    DO UPDATE SET next_offset = GREATEST(archive_progress.next_offset, EXCLUDED.next_offset)""")) {
                s.setArray(1, connection.createArrayOf("int4", sorted.keySet().toArray(Integer[]::new)));
                s.setArray(2, connection.createArrayOf("int8", sorted.values().toArray(Long[]::new)));
                s.executeUpdate();
            }
        });
    }

    /** The next offset to archive of each given partition that has a progress row. */
    public Map<Integer, Long> progress(Collection<Integer> partitions) {
        Map<Integer, Long> progress = new HashMap<>();
        if (partitions.isEmpty()) {
            return progress;
        }
        Panache.getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement s = connection.prepareStatement(
                    "SELECT partition, next_offset FROM archive_progress WHERE partition = ANY (?::int4[])")) {
                s.setArray(1, connection.createArrayOf("int4", partitions.toArray(Integer[]::new)));
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        progress.put(r.getInt(1), r.getLong(2));
                    }
                }
            }
        });
        return progress;
    }

    /** Whether the database answers at all (tells a row the database refuses from a database that is away). */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public boolean reachable() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(5);
        } catch (java.sql.SQLException | RuntimeException e) {
            return false;
        }
    }

    private static void insert(Connection connection, List<Row> rows) throws java.sql.SQLException {
        int n = rows.size();
        String[] channels = new String[n];
        Integer[] partitions = new Integer[n];
        Long[] offsets = new Long[n];
        String[] ids = new String[n];
        String[] events = new String[n];
        String[] payloads = new String[n];
        String[] times = new String[n];
        for (int i = 0; i < n; i++) {
            Row row = rows.get(i);
            channels[i] = row.notification().channel();
            partitions[i] = row.partition();
            offsets[i] = row.offset();
            ids[i] = row.notification().id();
            events[i] = row.notification().event();
            payloads[i] = row.json();
            // ISO-8601 text, parsed by PostgreSQL: no java.sql.Timestamp (Julian calendar before 1582)
            times[i] = row.notification().time().toString();
        }
        try (PreparedStatement s = connection.prepareStatement("""
                INSERT INTO notification (channel, kafka_partition, kafka_offset, event_id, event, payload,
                                          occurred_at, archived_at)
                SELECT r.channel, r.kafka_partition, r.kafka_offset, r.event_id, r.event, r.payload::jsonb,
                       r.occurred_at::timestamptz, now()
                FROM unnest(?::text[], ?::int4[], ?::int8[], ?::text[], ?::text[], ?::text[], ?::text[])
                     AS r(channel, kafka_partition, kafka_offset, event_id, event, payload, occurred_at)
                ON CONFLICT (channel, event_id) DO NOTHING""")) {
            s.setArray(1, array(connection, "text", channels));
            s.setArray(2, array(connection, "int4", partitions));
            s.setArray(3, array(connection, "int8", offsets));
            s.setArray(4, array(connection, "text", ids));
            s.setArray(5, array(connection, "text", events));
            s.setArray(6, array(connection, "text", payloads));
            s.setArray(7, array(connection, "text", times));
            s.executeUpdate();
        }
    }

    private static Array array(Connection connection, String type, Object[] values) throws java.sql.SQLException {
        return connection.createArrayOf(type, values);
    }

    /** Moves progress past a record that was not archived (dead-lettered). */
    public void skip(int partition, long offset) {
        advance(partition, offset);
    }

    public List<ArchivedNotification> after(String channel, int partition, long offset, int limit) {
        return ArchivedNotification.after(channel, partition, offset, limit);
    }

    /** How many rows of a channel lie strictly between two offsets of its partition. */
    public long countBetween(String channel, int partition, long after, long before) {
        return ArchivedNotification.countBetween(channel, partition, after, before);
    }

    public List<String> idsUpTo(String channel, int partition, long offset, int limit) {
        return ArchivedNotification.idsUpTo(channel, partition, offset, limit);
    }

    public Optional<Long> nextOffset(int partition) {
        long next = progressColumn("SELECT next_offset FROM archive_progress WHERE partition = ?", partition, -1);
        return next < 0 ? Optional.empty() : Optional.of(next);
    }

    /** The lowest offset of {@code partition} whose rows are all still archived (0: nothing pruned yet). */
    public long retainedFrom(int partition) {
        return progressColumn("SELECT retained_from FROM archive_progress WHERE partition = ?", partition, 0L);
    }

    /**
     * One column of a partition's progress row, or {@code absent}, by JDBC on the transaction's connection. These
     * two reads run once per resume (and every 25 ms while resumes wait); as Hibernate native queries with a
     * result class they spent 74 % of the resume readers' CPU in a 5,000-session failover in Hibernate's
     * query-plan cache (entries added per call, lookups comparing keys), not in PostgreSQL.
     */
    private static long progressColumn(String sql, int partition, long absent) {
        return Panache.getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setInt(1, partition);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? rows.getLong(1) : absent;
                }
            }
        });
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
