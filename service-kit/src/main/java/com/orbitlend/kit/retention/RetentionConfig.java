package com.orbitlend.kit.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How often and how much {@link RetentionPruner} deletes. How long rows are kept is set per table:
 * {@code orbitlend.outbox.retention} (published outbox rows) and {@code orbitlend.retention.inbox}.
 */
@ConfigMapping(prefix = "orbitlend.retention")
public interface RetentionConfig {

    /**
     * How long the inbox remembers a processed event id. Must exceed the longest time after which the same event
     * can be delivered again: a consumer reset to the beginning of its topic re-reads up to the topic's retention
     * (7 days in the contract), so 14 days; an id forgotten earlier would be applied twice.
     */
    @WithDefault("14d")
    Duration inbox();

    /** Pause between two pruning passes (the first runs this long after start). */
    @WithDefault("1h")
    Duration pruneInterval();

    /** Rows deleted per transaction, so a large backlog never holds long locks or a huge transaction. */
    @WithDefault("5000")
    int batchSize();
}
