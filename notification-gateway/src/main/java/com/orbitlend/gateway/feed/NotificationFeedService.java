package com.orbitlend.gateway.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.events.EventJson;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import org.hibernate.jdbc.ReturningWork;

import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The notification centre: a user's notifications from the archive ({@code notification}, rows of the caller's
 * own channels only), newest first in archive order, with read state per user (V3__notification_read_state.sql).
 * A notification counts as read when it lies at or below the user's mark of its channel ("mark all read") or was
 * marked read by id. Retention is the archive's: pruned notifications leave the centre with their read marks.
 */
@ApplicationScoped
@Transactional
public class NotificationFeedService {

    /** A row is read if covered by the channel mark or marked by itself; {@code ?} = user id, twice. */
    private static final String READ = """
            (EXISTS (SELECT 1 FROM notification_read_mark m WHERE m.user_id = ? AND m.channel = n.channel
                     AND m.kafka_partition = n.kafka_partition AND n.kafka_offset <= m.up_to_offset)
             OR EXISTS (SELECT 1 FROM notification_read r WHERE r.user_id = ? AND r.notification_id = n.id))""";

    @Transactional(Transactional.TxType.SUPPORTS)
    public FeedPage page(Caller caller, FeedQuery query) {
        return work(connection -> {
            long before = Long.MAX_VALUE;
            if (query.before().isPresent()) {
                before = rowIdOf(connection, caller, query.before().get())
                        .orElseThrow(() -> FeedQuery.badRequest("before names no notification of yours (unknown, "
                                + "in another channel or past the archive's retention)."));
            }
            List<FeedItem> items = new ArrayList<>();
            // one index range per channel (channel, id), merged: never a sort of a whole busy channel
            try (PreparedStatement s = connection.prepareStatement("""
                    SELECT n.event_id, n.event, n.channel, n.kafka_partition, n.kafka_offset, n.occurred_at,
                           (n.payload -> 'data')::text, %s
                    FROM unnest(?::text[]) AS c(channel)
                    CROSS JOIN LATERAL (SELECT * FROM notification x WHERE x.channel = c.channel AND x.id < ?
                                        ORDER BY x.id DESC LIMIT ?) n
                    ORDER BY n.id DESC LIMIT ?""".formatted(READ))) {
                s.setString(1, caller.userId());
                s.setString(2, caller.userId());
                s.setArray(3, channels(connection, caller));
                s.setLong(4, before);
                s.setInt(5, query.limit());
                s.setInt(6, query.limit());
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        items.add(new FeedItem(r.getString(1), r.getString(2), r.getString(3),
                                r.getInt(4) + ":" + r.getLong(5), r.getObject(6, OffsetDateTime.class).toInstant(),
                                json(r.getString(7)), r.getBoolean(8)));
                    }
                }
            }
            return new FeedPage(items, unread(connection, caller));
        });
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public UnreadCount unread(Caller caller) {
        return work(connection -> new UnreadCount(unread(connection, caller)));
    }

    /** Marks the caller's notifications with these ids read; ids of no notification of the caller are ignored. */
    public void markRead(Caller caller, List<String> ids) {
        work(connection -> {
            try (PreparedStatement s = connection.prepareStatement("""
                    INSERT INTO notification_read (user_id, notification_id)
                    SELECT ?, n.id FROM notification n
                    WHERE n.channel = ANY (?::text[]) AND n.event_id = ANY (?::text[])
                    ON CONFLICT DO NOTHING""")) {
                s.setString(1, caller.userId());
                s.setArray(2, channels(connection, caller));
                s.setArray(3, connection.createArrayOf("text", ids.toArray(String[]::new)));
                s.executeUpdate();
            }
            return null;
        });
    }

    /** Marks everything archived so far in the caller's channels read (one mark per channel). */
    public void markAllRead(Caller caller) {
        work(connection -> {
            // the newest archived offset of each channel; a channel is in one partition, archived in offset order
            try (PreparedStatement s = connection.prepareStatement("""
                    INSERT INTO notification_read_mark (user_id, channel, kafka_partition, up_to_offset)
                    SELECT ?, c.channel, last.kafka_partition, last.kafka_offset
                    FROM unnest(?::text[]) AS c(channel)
                    CROSS JOIN LATERAL (SELECT x.kafka_partition, x.kafka_offset FROM notification x
                                        WHERE x.channel = c.channel ORDER BY x.id DESC LIMIT 1) last
                    ON CONFLICT (user_id, channel) DO UPDATE SET
                        kafka_partition = EXCLUDED.kafka_partition,
                        up_to_offset = CASE WHEN notification_read_mark.kafka_partition = EXCLUDED.kafka_partition
                                            THEN GREATEST(notification_read_mark.up_to_offset, EXCLUDED.up_to_offset)
                                            ELSE EXCLUDED.up_to_offset END,
                        marked_at = now()""")) {
                s.setString(1, caller.userId());
                s.setArray(2, channels(connection, caller));
                s.executeUpdate();
            }
            // single marks now covered by the channel marks are redundant
            try (PreparedStatement s = connection.prepareStatement("""
                    DELETE FROM notification_read r USING notification n, notification_read_mark m
                    WHERE r.user_id = ? AND n.id = r.notification_id AND m.user_id = r.user_id
                      AND m.channel = n.channel AND m.kafka_partition = n.kafka_partition
                      AND n.kafka_offset <= m.up_to_offset""")) {
                s.setString(1, caller.userId());
                s.executeUpdate();
            }
            return null;
        });
    }

    private static long unread(Connection connection, Caller caller) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("""
                SELECT count(*) FROM notification n WHERE n.channel = ANY (?::text[]) AND NOT %s"""
                .formatted(READ))) {
            s.setArray(1, channels(connection, caller));
            s.setString(2, caller.userId());
            s.setString(3, caller.userId());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** The newest archive row among the caller's channels carrying this notification id. */
    private static Optional<Long> rowIdOf(Connection connection, Caller caller, String id) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT max(id) FROM notification WHERE channel = ANY (?::text[]) AND event_id = ?")) {
            s.setArray(1, channels(connection, caller));
            s.setString(2, id);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                long rowId = r.getLong(1);
                return r.wasNull() ? Optional.empty() : Optional.of(rowId);
            }
        }
    }

    private static java.sql.Array channels(Connection connection, Caller caller) throws SQLException {
        return connection.createArrayOf("text", caller.channels().toArray(String[]::new));
    }

    private static JsonNode json(String text) {
        try {
            return EventJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T work(ReturningWork<T> work) {
        return Panache.getEntityManager().unwrap(Session.class).doReturningWork(work);
    }
}
