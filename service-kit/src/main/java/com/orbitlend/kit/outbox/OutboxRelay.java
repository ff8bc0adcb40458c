package com.orbitlend.kit.outbox;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
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
import java.util.concurrent.TimeUnit;

/**
 * Publishes committed outbox rows to Kafka in id order with an idempotent producer (acks=all, key = aggregate
 * id) through {@link OutboxPublisher}, which also serializes instances with an advisory lock.
 *
 * <p>Passes run on one dedicated thread, so they never overlap on an instance. A pass starts when the relay is
 * {@linkplain #wake() woken} (by {@link OutboxWakeListener} when PostgreSQL reports a commit of outbox rows) or,
 * as a fallback that does not depend on notifications, when {@code orbitlend.outbox.poll-interval} passed since
 * the last pass. Wake-ups coalesce: any number of them while the relay waits start one pass, and any number
 * during a pass start exactly one more after it (the rows they announce may have been committed after the pass
 * read its batch). quarkus-scheduler is not used for this: its in-memory scheduler ticks once a second and cannot
 * be woken. The retention clean-up of published rows, which has no such need, is {@link com.orbitlend.kit.retention.RetentionPruner}.
 *
 * <p>While Kafka is unreachable, rows stay pending; the failure is counted on the rows, logged once per
 * outage (not per poll), and the relay backs off exponentially (wake-ups during the backoff are ignored). After
 * a failure the producer is replaced, so the next attempt starts with fresh idempotence state and resends the
 * batch from its first row.
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
    /** Null for a relay built by hand (drills against another broker): it reports no meters. */
    private final OutboxMetrics metrics;
    private AutoCloseable producerMeters;

    /** Guards {@link #wakeRequested}; the relay thread waits on it. */
    private final Object signal = new Object();
    private boolean wakeRequested;
    private volatile boolean running;
    private Thread loop;
    private volatile boolean paused;
    private Producer<String, String> producer;
    private int consecutiveFailures;
    private volatile Instant outageSince;
    private Instant nextAttempt = Instant.EPOCH;

    /**
     * The relay of this service, publishing to {@code kafka.bootstrap.servers}. Also usable directly for an
     * extra relay against another broker, e.g. in drills of an outage.
     */
    public OutboxRelay(OutboxPublisher publisher, OutboxConfig config, String bootstrapServers,
            Map<String, Object> kafkaConfig) {
        this(publisher, config, bootstrapServers, kafkaConfig, null);
    }

    @Inject
    OutboxRelay(OutboxPublisher publisher, OutboxConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092") String bootstrapServers,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, OutboxMetrics metrics) {
        this.metrics = metrics;
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
        running = true;
        loop = new Thread(this::runLoop, THREAD);
        loop.setDaemon(true);
        loop.start();
    }

    /**
     * Asks for a pass as soon as possible: at once if the relay is waiting, right after the current pass if one
     * is running. Cheap and non-blocking; requests coalesce, so callers need not throttle.
     */
    public void wake() {
        synchronized (signal) {
            wakeRequested = true;
            signal.notifyAll();
        }
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
                if (metrics != null) {
                    metrics.published(published);
                }
            } while (published == config.batchSize());
            recovered();
        } catch (RuntimeException e) {
            failed(e);
        }
    }



    /** Whether the last publish attempt failed (Kafka unreachable or rejecting), and since when. */
    public Instant outageSince() {
        return outageSince;
    }

    void onShutdown(@Observes ShutdownEvent event) {
        if (loop != null) {
            running = false;
            wake();
            try {
                // lets the pass in progress, if any, finish
                loop.join(OutboxProducers.ackTimeout(config.sendTimeout()).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            loop = null;
        }
        close();
    }

    /** Releases the Kafka producer; a later poll creates a new one. */
    public void close() {
        closeProducer(Duration.ofSeconds(5));
    }

    private void runLoop() {
        while (awaitWakeOrPollInterval()) {
            scheduledPoll();
        }
    }

    /**
     * Returns when woken or when the poll interval passed, consuming the wake-up request: one made during the
     * pass that follows starts another pass. False once the relay stops.
     */
    private boolean awaitWakeOrPollInterval() {
        long deadline = System.nanoTime() + config.pollInterval().toNanos();
        synchronized (signal) {
            while (running && !wakeRequested) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(signal, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            wakeRequested = false;
            return running;
        }
    }

    private void scheduledPoll() {
        if (paused) {
            return;
        }
        try {
            poll();
        } catch (RuntimeException | Error e) {
            // an escaping exception would end the relay thread for good
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
        if (metrics != null) {
            metrics.failed();
        }
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
            if (metrics != null) {
                producerMeters = metrics.bind(producer);
            }
        }
        return producer;
    }

    private synchronized void closeProducer(Duration timeout) {
        if (producerMeters != null) {
            try {
                producerMeters.close();
            } catch (Exception ignored) {
                // meters of a discarded producer
            }
            producerMeters = null;
        }
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
