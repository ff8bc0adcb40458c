package com.orbitlend.kit.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.Producer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outbox at {@code /q/metrics}:
 * <ul>
 * <li>{@code orbitlend_outbox_pending}: rows committed but not yet acknowledged by Kafka;</li>
 * <li>{@code orbitlend_outbox_oldest_pending_age_seconds}: how long the oldest of them has waited (0 when none):
 * the one to alert on, it grows while Kafka is unreachable or the relay is stuck;</li>
 * <li>{@code orbitlend_outbox_published_total} and {@code orbitlend_outbox_publish_failures_total}: rows
 * published, failed relay passes;</li>
 * <li>the relay producer's Kafka client meters ({@code kafka_producer_*}).</li>
 * </ul>
 * The backlog is read from the database every {@code orbitlend.outbox.metrics-interval}, not on each scrape, so a
 * slow database never stalls a scrape; it is at most that old.
 */
@Startup // meters exist from the start, not from the first use
@ApplicationScoped
public class OutboxMetrics {

    private static final Logger LOG = Logger.getLogger(OutboxMetrics.class);

    private final OutboxPublisher publisher;
    private final MeterRegistry registry;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();
    private final Counter published;
    private final Counter failures;

    OutboxMetrics(OutboxPublisher publisher, MeterRegistry registry) {
        this.publisher = publisher;
        this.registry = registry;
        Gauge.builder("orbitlend.outbox.pending", pending, AtomicLong::get)
                .description("Outbox rows waiting to be published").register(registry);
        Gauge.builder("orbitlend.outbox.oldest.pending.age", oldestAgeSeconds, AtomicLong::get)
                .baseUnit("seconds").description("Age of the oldest unpublished outbox row (0 when none)")
                .register(registry);
        published = Counter.builder("orbitlend.outbox.published")
                .description("Outbox rows published to Kafka").register(registry);
        failures = Counter.builder("orbitlend.outbox.publish.failures")
                .description("Relay passes that failed to publish (Kafka unreachable or refusing)").register(registry);
    }

    @Scheduled(identity = "orbitlend-outbox-metrics", every = "${orbitlend.outbox.metrics-interval:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            OutboxPublisher.PendingStats stats = publisher.pendingStats();
            pending.set(stats.count());
            oldestAgeSeconds.set(stats.oldestCreatedAt() == null ? 0
                    : Math.max(0, Duration.between(stats.oldestCreatedAt(), Instant.now()).toSeconds()));
        } catch (RuntimeException e) {
            // keep the last values; the health check reports the database
            LOG.debugf("Outbox backlog not refreshed: %s", e.getMessage());
        }
    }

    void published(int rows) {
        if (rows > 0) {
            published.increment(rows);
        }
    }

    void failed() {
        failures.increment();
    }

    /** Binds the producer's Kafka client meters; close the result with the producer. */
    AutoCloseable bind(Producer<?, ?> producer) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(producer);
        metrics.bindTo(registry);
        return metrics;
    }
}
