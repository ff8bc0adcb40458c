package com.orbitlend.gateway.archive;

import com.orbitlend.gateway.config.GatewayConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * Retention of the archive (delivery.md, resume step 4): deletes notifications archived longer than
 * {@code orbitlend.gateway.archive.retention} ago, one batch per transaction. A resume whose cursor is below
 * what was pruned is answered {@code recovered:false, reason:"expired"}. Safe on every replica at once (the
 * batches skip rows another replica is deleting).
 */
@ApplicationScoped
public class ArchivePruner {

    private static final Logger LOG = Logger.getLogger(ArchivePruner.class);

    @Inject
    ArchiveService archive;

    @Inject
    GatewayConfig config;

    @Scheduled(every = "${orbitlend.gateway.archive.prune-interval:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        prune(Instant.now());
    }

    /** Deletes everything archived before {@code now - retention}; returns how many rows. */
    public int prune(Instant now) {
        Instant cutoff = now.minus(config.archive().retention());
        int batch = config.archive().pruneBatchSize();
        int total = 0;
        int deleted;
        do {
            deleted = archive.pruneBatch(cutoff, batch);
            total += deleted;
        } while (deleted == batch);
        if (total > 0) {
            LOG.infof("Pruned %d archived notifications older than %s", total, cutoff);
        }
        return total;
    }
}
