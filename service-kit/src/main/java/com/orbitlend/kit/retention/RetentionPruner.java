package com.orbitlend.kit.retention;

import com.orbitlend.kit.outbox.OutboxConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * Deletes what the outbox and the inbox no longer need, every {@code orbitlend.retention.prune-interval}:
 * outbox rows published more than {@code orbitlend.outbox.retention} ago (pending rows are never touched,
 * however old), and inbox ids processed more than {@code orbitlend.retention.inbox} ago. In batches of
 * {@code orbitlend.retention.batch-size}, one short transaction each. Counted in
 * {@code orbitlend_retention_pruned_rows_total{table}}. Every instance of a service may prune; concurrent passes
 * only delete the same old rows once.
 */
@Startup // meters exist from the start, not from the first use
@ApplicationScoped
public class RetentionPruner {

    private static final Logger LOG = Logger.getLogger(RetentionPruner.class);

    private final EntityManager em;
    private final RetentionConfig config;
    private final OutboxConfig outbox;
    private final Counter outboxPruned;
    private final Counter inboxPruned;

    RetentionPruner(EntityManager em, RetentionConfig config, OutboxConfig outbox, MeterRegistry registry) {
        this.em = em;
        this.config = config;
        this.outbox = outbox;
        this.outboxPruned = pruned(registry, "outbox_event");
        this.inboxPruned = pruned(registry, "processed_event");
    }

    @Scheduled(identity = "orbitlend-retention", every = "${orbitlend.retention.prune-interval:1h}",
            delayed = "${orbitlend.retention.prune-interval:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            prune();
        } catch (RuntimeException e) {
            LOG.warnf("Pruning the outbox and inbox failed, next pass in %s: %s", config.pruneInterval(),
                    e.getMessage());
        }
    }

    /** One pass over both tables, now; returns the rows deleted. */
    public Result prune() {
        Instant now = Instant.now();
        long outboxRows = inBatches("""
                DELETE FROM outbox_event WHERE id IN (SELECT id FROM outbox_event
                  WHERE published_at IS NOT NULL AND published_at < :cutoff ORDER BY published_at LIMIT :limit)""",
                now.minus(outbox.retention()));
        long inboxRows = inBatches("""
                DELETE FROM processed_event WHERE (consumer, event_id) IN (SELECT consumer, event_id
                  FROM processed_event WHERE processed_at < :cutoff ORDER BY processed_at LIMIT :limit)""",
                now.minus(config.inbox()));
        outboxPruned.increment(outboxRows);
        inboxPruned.increment(inboxRows);
        if (outboxRows + inboxRows > 0) {
            LOG.infof("Pruned %d published outbox rows (older than %s) and %d inbox ids (older than %s)",
                    outboxRows, outbox.retention(), inboxRows, config.inbox());
        }
        return new Result(outboxRows, inboxRows);
    }

    /** Rows deleted by one pass, per table. */
    public record Result(long outboxRows, long inboxRows) {
    }

    private long inBatches(String delete, Instant cutoff) {
        long total = 0;
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(delete)
                    .setParameter("cutoff", cutoff)
                    .setParameter("limit", config.batchSize())
                    .executeUpdate());
            total += deleted;
        } while (deleted == config.batchSize());
        return total;
    }

    private static Counter pruned(MeterRegistry registry, String table) {
        return Counter.builder("orbitlend.retention.pruned.rows").tag("table", table)
                .description("Rows deleted by retention: published outbox rows, old inbox ids").register(registry);
    }
}
