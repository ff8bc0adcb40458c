package com.orbitlend.marketplace.ingest;

import com.orbitlend.kit.outbox.Backoff;
import com.orbitlend.marketplace.config.MarketplaceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Runs an attempt again, with exponential backoff, while it fails; after the configured number of attempts the
 * last failure is rethrown. Meant for transient failures (database or broker unreachable).
 */
@ApplicationScoped
public class Retrier {

    private static final Logger LOG = Logger.getLogger(Retrier.class);

    private final int maxAttempts;
    private final Backoff backoff;

    @Inject
    Retrier(MarketplaceConfig config) {
        this(config.ingest().maxAttempts(), config.ingest().initialBackoff(), config.ingest().maxBackoff());
    }

    Retrier(int maxAttempts, Duration initial, Duration max) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("Retrier needs attempts >= 1, got " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.backoff = new Backoff(initial, max);
    }

    /** Runs {@code attempt} until it succeeds or {@code maxAttempts} runs failed. */
    public void run(String what, Runnable attempt) {
        for (int failures = 0; ; ) {
            try {
                attempt.run();
                return;
            } catch (RuntimeException e) {
                failures++;
                if (failures >= maxAttempts) {
                    LOG.errorf(e, "%s failed %d times; giving up", what, failures);
                    throw e;
                }
                Duration pause = backoff.after(failures);
                LOG.warnf("%s failed (attempt %d of %d), retrying in %s: %s", what, failures, maxAttempts, pause,
                        e.getMessage());
                sleep(pause);
            }
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to retry", e);
        }
    }
}
