package com.orbitlend.gateway.archive;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;

/** A row of the notification archive. Rows are inserted by {@link ArchiveService#archive}, never updated. */
@Entity
@Table(name = "notification")
public class ArchivedNotification extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String channel;

    @Column(name = "kafka_partition")
    public int kafkaPartition;

    @Column(name = "kafka_offset")
    public long kafkaOffset;

    @Column(name = "event_id")
    public String eventId;

    public String event;

    /** The whole {@link com.orbitlend.events.notification.Notification} as JSON. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String payload;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    @Column(name = "archived_at")
    public Instant archivedAt;

    /** A channel's rows after {@code offset} in {@code partition}, in offset order. */
    public static List<ArchivedNotification> after(String channel, int partition, long offset, int limit) {
        return find("channel = ?1 and kafkaPartition = ?2 and kafkaOffset > ?3 order by kafkaOffset",
                channel, partition, offset).page(0, limit).list();
    }

    /** How many rows a channel has in {@code partition} after {@code after} and before {@code before}. */
    public static long countBetween(String channel, int partition, long after, long before) {
        return count("channel = ?1 and kafkaPartition = ?2 and kafkaOffset > ?3 and kafkaOffset < ?4",
                channel, partition, after, before);
    }

    /** The ids of a channel's last {@code limit} rows at or before {@code offset}. */
    public static List<String> idsUpTo(String channel, int partition, long offset, int limit) {
        return find("channel = ?1 and kafkaPartition = ?2 and kafkaOffset <= ?3 order by kafkaOffset desc",
                channel, partition, offset).page(0, limit).project(EventIdOnly.class).list()
                .stream().map(EventIdOnly::eventId).toList();
    }

    /** Projection of {@link #eventId}. */
    public record EventIdOnly(String eventId) {
    }
}
