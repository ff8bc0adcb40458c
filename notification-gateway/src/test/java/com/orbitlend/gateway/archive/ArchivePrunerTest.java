package com.orbitlend.gateway.archive;

import com.orbitlend.events.EventJson;
import com.orbitlend.events.notification.Notification;
import com.orbitlend.gateway.GatewayTestProfile;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Retention: rows archived before now - retention are deleted and the partition's retained offset moves past them. */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class ArchivePrunerTest {

    /** Not a partition of the test topic: the live archiver and resume tests never touch it. */
    private static final int PARTITION = 97;

    @Inject
    ArchivePruner pruner;

    @Inject
    ArchiveService archive;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void pruneDeletesRowsOlderThanTheRetentionAndRecordsTheLowestRetainedOffset() throws Exception {
        String channel = "user:pruned-" + UUID.randomUUID();
        for (long offset = 0; offset < 5; offset++) {
            archive.archive(channel, PARTITION, offset, new Notification(UUID.randomUUID().toString(), channel,
                    "loan:status", EventJson.mapper().createObjectNode(), Instant.now(), null));
        }
        // offsets 0-2 were archived 8 days ago, 3-4 just now; the default retention is 7 days
        execute("UPDATE notification SET archived_at = now() - interval '8 days' WHERE channel = ? AND kafka_offset < 3",
                channel);
        assertThat(archive.retainedFrom(PARTITION)).isZero();

        pruner.prune(Instant.now());

        assertThat(offsets(channel)).containsExactly(3L, 4L);
        assertThat(archive.retainedFrom(PARTITION)).isEqualTo(3L);
        assertThat(archive.nextOffset(PARTITION)).contains(5L);

        // one batch at a time (only this test's rows are that old)
        execute("UPDATE notification SET archived_at = now() - interval '8 days' WHERE channel = ? AND kafka_offset = 3",
                channel);
        Instant cutoff = Instant.now().minus(Duration.ofDays(7));
        assertThat(archive.pruneBatch(cutoff, 1)).isEqualTo(1);
        assertThat(archive.pruneBatch(cutoff, 1)).isZero();
        assertThat(archive.retainedFrom(PARTITION)).isEqualTo(4L);
        assertThat(offsets(channel)).containsExactly(4L);
    }

    private void execute(String sql, String channel) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, channel);
            s.executeUpdate();
        }
    }

    private List<Long> offsets(String channel) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT kafka_offset FROM notification WHERE channel = ? ORDER BY kafka_offset")) {
            s.setString(1, channel);
            List<Long> offsets = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    offsets.add(r.getLong(1));
                }
            }
            return offsets;
        }
    }
}
