package com.orbitlend.kit.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Configuration of the transactional outbox and its Kafka relay. */
@ConfigMapping(prefix = "orbitlend.outbox")
public interface OutboxConfig {

    /** CloudEvents {@code source} of every event this service records, e.g. {@code /orbitlend/loan-service}. */
    String source();

    /** Whether this instance runs the relay; recording events works either way. */
    @WithDefault("true")
    boolean enabled();

    /**
     * The fallback poll: the longest the relay waits between two passes when nothing wakes it. Commits wake it
     * at once through PostgreSQL NOTIFY (see {@link #wakeUp()}); the poll only matters when notifications are
     * lost (listener reconnecting, a pooler that drops them, NOTIFY disabled).
     */
    @WithDefault("1s")
    Duration pollInterval();

    /** Most rows published in one relay transaction. */
    @WithDefault("100")
    int batchSize();

    /** How long published rows are kept before {@link com.orbitlend.kit.retention.RetentionPruner} deletes them. */
    @WithDefault("7d")
    Duration retention();

    /** How often {@link OutboxMetrics} reads the backlog (pending rows, oldest age) from the database. */
    @WithDefault("15s")
    Duration metricsInterval();

    /** First pause after a failed publish; doubles on each further failure up to {@link #maxBackoff()}. */
    @WithDefault("1s")
    Duration initialBackoff();

    /** Longest pause between publish attempts while Kafka is unreachable. */
    @WithDefault("30s")
    Duration maxBackoff();

    /** Upper bound of one send: the producer's max.block.ms and, with margin, its delivery.timeout.ms. */
    @WithDefault("5s")
    Duration sendTimeout();

    /** Waking the relay on commit: LISTEN on a dedicated JDBC connection to the service's database. */
    WakeUp wakeUp();

    /** The relay's wake-up listener ({@link OutboxWakeListener}). */
    interface WakeUp {

        /** Whether to listen for commits of outbox rows; without it the relay relies on the poll alone. */
        @WithDefault("true")
        boolean enabled();

        /**
         * How long the listener waits for a notification before it checks its connection with a query: bounds
         * how long a silently dead connection (PostgreSQL restarted, network cut) goes unnoticed.
         */
        @WithDefault("10s")
        Duration checkInterval();

        /** First pause before reconnecting a lost listening connection; doubles up to {@link #maxBackoff()}. */
        @WithDefault("1s")
        Duration initialBackoff();

        /** Longest pause between two reconnection attempts. */
        @WithDefault("30s")
        Duration maxBackoff();
    }
}
