package com.orbitlend.loan;

import com.orbitlend.kit.retention.RetentionPruner;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * service-kit's RetentionPruner on loan-service's real database: old published outbox rows and old inbox
 * ids go, in batches; pending outbox rows stay however old, recent rows stay. Retention: outbox 7d, inbox 14d,
 * batch size 3 in this test's profile (so several batches run).
 */
@QuarkusTest
@TestProfile(RetentionPrunerTest.SmallBatches.class)
class RetentionPrunerTest {

    public static class SmallBatches extends LoanServiceTestProfile {
        @Override
        public java.util.Map<String, String> getConfigOverrides() {
            return java.util.Map.of("orbitlend.retention.batch-size", "3", "orbitlend.outbox.enabled", "false");
        }
    }

    @Inject
    RetentionPruner pruner;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void prunesOldPublishedOutboxRowsAndOldInboxIdsOnly() throws SQLException {
        String run = UUID.randomUUID().toString();
        for (int i = 0; i < 7; i++) {
            outboxRow(run, "now() - interval '8 days'", "now() - interval '8 days'");   // published 8 days ago: pruned
        }
        outboxRow(run, "now() - interval '6 days'", "now() - interval '6 days'");       // within 7 days: kept
        outboxRow(run, "now() - interval '30 days'", null);                            // pending: never pruned
        for (int i = 0; i < 5; i++) {
            inboxRow(run, "now() - interval '15 days'");                                // older than 14 days: pruned
        }
        inboxRow(run, "now() - interval '13 days'");                                    // kept

        RetentionPruner.Result result = pruner.prune();

        assertThat(result.outboxRows()).isGreaterThanOrEqualTo(7);
        assertThat(result.inboxRows()).isGreaterThanOrEqualTo(5);
        assertThat(count("select count(*) from outbox_event where aggregate_id = ?", run)).isEqualTo(2);
        assertThat(count("select count(*) from outbox_event where aggregate_id = ? and published_at is null", run))
                .isEqualTo(1);
        assertThat(count("select count(*) from processed_event where consumer = ?", run)).isEqualTo(1);
        assertThat(given().get("/q/metrics").then().extract().asString())
                .containsPattern("orbitlend_retention_pruned_rows_total\\{[^}]*table=\"outbox_event\"[^}]*\\} [1-9]")
                .containsPattern("orbitlend_retention_pruned_rows_total\\{[^}]*table=\"processed_event\"[^}]*\\} [1-9]");

        assertThat(pruner.prune()).isEqualTo(new RetentionPruner.Result(0, 0));
    }

    private void outboxRow(String aggregate, String createdAt, String publishedAt) throws SQLException {
        execute("insert into outbox_event (event_id, aggregate_type, aggregate_id, event_type, topic, payload,"
                + " created_at, published_at) values ('" + UUID.randomUUID() + "', 'loan', ?, 't', 'orbitlend.loan.events',"
                + " '{}', " + createdAt + ", " + (publishedAt == null ? "null" : publishedAt) + ")", aggregate);
    }

    private void inboxRow(String consumer, String processedAt) throws SQLException {
        execute("insert into processed_event (consumer, event_id, processed_at) values (?, '" + UUID.randomUUID()
                + "', " + processedAt + ")", consumer);
    }

    private void execute(String sql, String parameter) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            s.executeUpdate();
        }
    }

    private long count(String sql, String parameter) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
