package com.orbitlend.testkit.outbox;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads service-kit's {@code outbox_event} table directly, for assertions. */
public final class OutboxRows {

    /** One outbox row as stored. */
    public record Row(long id, String eventType, String aggregateId, boolean published, int attempts,
            String lastError) {
    }

    private OutboxRows() {
    }

    /** The rows of {@code aggregateId}, in id order. */
    public static List<Row> of(DataSource dataSource, String aggregateId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("select id, event_type, aggregate_id, published_at, "
                        + "attempts, last_error from outbox_event where aggregate_id = ? order by id")) {
            s.setString(1, aggregateId);
            List<Row> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(new Row(r.getLong(1), r.getString(2), r.getString(3), r.getTimestamp(4) != null,
                            r.getInt(5), r.getString(6)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
