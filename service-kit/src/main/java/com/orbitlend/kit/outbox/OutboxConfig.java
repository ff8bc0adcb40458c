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

    /** How often the relay looks for pending rows. */
    @WithDefault("0.2s")
    Duration pollInterval();

    /** Most rows published in one relay transaction. */
    @WithDefault("100")
    int batchSize();

    /** How long published rows are kept before the clean-up deletes them. */
    @WithDefault("7d")
    Duration retention();

    /** First pause after a failed publish; doubles on each further failure up to {@link #maxBackoff()}. */
    @WithDefault("1s")
    Duration initialBackoff();

    /** Longest pause between publish attempts while Kafka is unreachable. */
    @WithDefault("30s")
    Duration maxBackoff();

    /** Upper bound of one send: the producer's max.block.ms and, with margin, its delivery.timeout.ms. */
    @WithDefault("5s")
    Duration sendTimeout();
}
