package com.orbitlend.kyc.auth.ratelimit;

import com.orbitlend.kyc.config.KycServiceConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The first {@code freeFailures} failures cost nothing; after that the next attempt must wait
 * {@code initialDelay} after the latest failure, doubled for each further failure, at most {@code maxDelay}. A wait,
 * never a lock: once it has passed, one more attempt is allowed.
 */
public record ProgressiveDelay(int freeFailures, Duration initialDelay, Duration maxDelay) {

    static ProgressiveDelay of(KycServiceConfig.Delay config) {
        return new ProgressiveDelay(config.freeFailures(), config.initialDelay(), config.maxDelay());
    }

    /** The delay after {@code failures} failures (zero while they are free). */
    public Duration delayAfter(long failures) {
        if (failures < freeFailures) {
            return Duration.ZERO;
        }
        long doublings = Math.min(failures - freeFailures, 40);
        Duration delay = initialDelay;
        for (long i = 0; i < doublings && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    /** How long an attempt at {@code now} must still wait; empty if it may go ahead. */
    public Optional<Duration> retryAfter(long failures, Instant latestFailure, Instant now) {
        if (latestFailure == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(now, latestFailure.plus(delayAfter(failures)));
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }
}
