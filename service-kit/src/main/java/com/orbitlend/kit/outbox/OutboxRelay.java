package com.orbitlend.kit.outbox;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.Producer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Publishes committed outbox rows to Kafka: polls every {@code orbitlend.outbox.poll-interval} (never two
 * polls at once on one instance), publishes in id order with an idempotent producer (acks=all, key =
 * aggregate id) through {@link OutboxPublisher}, which also serializes instances with an advisory lock.
 *
 * <p>Polling runs on a dedicated thread with a fixed delay between passes rather than on quarkus-scheduler:
 * the latter's in-memory scheduler ticks once a second and cannot run an {@code every} below 1 s, while
 * notification latency wants ~200 ms. A fixed delay on one thread never overlaps passes (the SKIP semantics).
 * The retention clean-up, which has no such need, is a {@code @Scheduled} job.
 *
 * <p>While Kafka is unreachable, rows stay pending; the failure is counted on the rows, logged once per
 * outage (not per poll), and the relay backs off exponentially. After a failure the producer is replaced, so
 * the next attempt starts with fresh idempotence state and resends the batch from its first row.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final String THREAD = "orbitlend-outbox-relay";

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final OutboxPublisher publisher;
    private final OutboxConfig config;
    private final String bootstrapServers;
    private final Map<String, Object> kafkaSettings;
    private final Backoff backoff;

    private ScheduledExecutorService poller;
    private volatile boolean paused;
    private Producer<String, String> producer;
    private int consecutiveFailures;
    private volatile Instant outageSince;
    private Instant nextAttempt = Instant.EPOCH;

    /**
     * The relay of this service, publishing to {@code kafka.bootstrap.servers}. Also usable directly for an
     * extra relay against another broker, e.g. in drills of an outage.
     */
    @Inject
    public OutboxRelay(OutboxPublisher publisher, OutboxConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092") String bootstrapServers,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.publisher = publisher;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.kafkaSettings = OutboxProducers.connectionSettings(kafkaConfig);
        this.backoff = new Backoff(config.initialBackoff(), config.maxBackoff());
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("Outbox relay disabled on this instance (orbitlend.outbox.enabled=false)");
            return;
        }
        poller = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, THREAD);
            thread.setDaemon(true);
            return thread;
        });
        long interval = config.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::scheduledPoll, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Stops publishing after the pass in progress, if any; recording events is unaffected. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }

    /** One relay pass: publishes everything pending, batch by batch, unless backing off after a failure. */
    public synchronized void poll() {
        if (!config.enabled() || Instant.now().isBefore(nextAttempt)) {
            return;
        }
        try {
            int published;
            do {
                published = publisher.publishPending(producer(), config.batchSize(),
                        OutboxProducers.ackTimeout(config.sendTimeout()));
            } while (published == config.batchSize());
            recovered();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Scheduled(identity = "orbitlend-outbox-cleanup", every = "1h", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void cleanUp() {
        int deleted = publisher.deletePublishedBefore(Instant.now().minus(config.retention()));
        if (deleted > 0) {
            LOG.debugf("Deleted %d published outbox rows older than %s", deleted, config.retention());
        }
    }

    /** Whether the last publish attempt failed (Kafka unreachable or rejecting), and since when. */
    public Instant outageSince() {
        return outageSince;
    }

    void onShutdown(@Observes ShutdownEvent event) {
        if (poller != null) {
            poller.shutdown();
            try {
                poller.awaitTermination(OutboxProducers.ackTimeout(config.sendTimeout()).toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        close();
    }

    /** Releases the Kafka producer; a later poll creates a new one. */
    public void close() {
        closeProducer(Duration.ofSeconds(5));
    }

    private void scheduledPoll() {
        if (paused) {
            return;
        }
        try {
            poll();
        } catch (RuntimeException | Error e) {
            // an escaping exception would cancel the fixed-delay schedule for good
            LOG.error("Outbox relay pass failed unexpectedly", e);
        }
    }

    private void recovered() {
        if (outageSince != null) {
            LOG.infof("Outbox relay publishes again after %d failed attempts since %s", consecutiveFailures,
                    outageSince);
        }
        consecutiveFailures = 0;
        outageSince = null;
        nextAttempt = Instant.EPOCH;
    }

    private void failed(RuntimeException e) {
        consecutiveFailures++;
        Duration pause = backoff.after(consecutiveFailures);
        nextAttempt = Instant.now().plus(pause);
        if (outageSince == null) {
            outageSince = Instant.now();
            LOG.warnf("Outbox relay cannot publish to Kafka at %s; rows stay pending, retrying with backoff "
                    + "(logged once per outage): %s", bootstrapServers, e.getMessage());
        } else {
            LOG.debugf("Outbox relay attempt %d failed, next in %s: %s", consecutiveFailures, pause,
                    e.getMessage());
        }
        closeProducer(Duration.ZERO);
        try {
            publisher.recordFailure(config.batchSize(), String.valueOf(e.getMessage()));
        } catch (RuntimeException dbFailure) {
            LOG.debugf("Could not record the failed attempt: %s", dbFailure.getMessage());
        }
    }

    private Producer<String, String> producer() {
        if (producer == null) {
            producer = OutboxProducers.create(bootstrapServers, kafkaSettings, config.sendTimeout());
        }
        return producer;
    }

    private synchronized void closeProducer(Duration timeout) {
        if (producer != null) {
            try {
                producer.close(timeout);
            } catch (RuntimeException ignored) {
                // a producer that cannot close cleanly is discarded all the same
            }
            producer = null;
        }
    }
}
