package com.orbitlend.gateway.ingest;

import com.orbitlend.gateway.config.GatewayConfig;
import com.orbitlend.gateway.metrics.GatewayMetrics;
import com.orbitlend.kit.outbox.Backoff;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The fan-out's reader: one {@link KafkaConsumer} on a thread of its own ({@value #THREAD}) that reads every
 * partition of the notifications topic ({@link FanOutAssignment}: no group, no commits, no rebalances) and hands
 * each poll, on that thread, to {@link NotificationFanOut}, which encodes every record once and gives each event
 * loop one task per poll. Why a plain consumer rather than a Reactive Messaging channel: docs/gateway-delivery.md,
 * "The fan-out's consumer".
 * <p>
 * The consumer keeps its positions through a broker outage (it reconnects by itself); any other failure is
 * logged and retried with backoff, never ends the loop. Readiness check "notification fan-out": UP once a poll has
 * succeeded, while the loop runs and reads every partition of the topic; DOWN after {@value #FAILURES_BEFORE_DOWN}
 * failed polls in a row (for example an ACL that no longer lets the gateway read), UP again at the next good one. Gauge {@code orbitlend_gateway_fanout_lag{partition}}: records of
 * each partition not read yet, as of a poll at most a second ago.
 */
@ApplicationScoped
@Readiness
public class FanOutReader implements HealthCheck {

    static final String THREAD = "notification-fanout";
    private static final Logger LOG = Logger.getLogger(FanOutReader.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);
    private static final long LAG_EVERY_NANOS = Duration.ofSeconds(1).toNanos();
    /** Failed polls in a row after which readiness is DOWN (a denied ACL): about 1.4 s of backoff. */
    static final int FAILURES_BEFORE_DOWN = 3;
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));

    @Inject
    NotificationFanOut fanOut;

    @Inject
    FanOutAssignment assignment;

    @Inject
    GatewayConfig config;

    @Inject
    GatewayMetrics metrics;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private final PollingThread loop = new PollingThread(THREAD);
    /** A poll has succeeded since the loop started. */
    private volatile boolean reading;
    /** Polls (or first assignments) failed in a row, 0 after a good poll; written by the loop's thread only. */
    private volatile int failing;
    private volatile String lastError;

    void onStart(@Observes StartupEvent event) {
        start(new KafkaConsumer<>(settings()), config.notificationsTopic(), config.fanOut().partitionCheckInterval());
    }

    /** Starts the loop on its own thread with this consumer (a {@code MockConsumer} in unit tests). */
    void start(Consumer<String, String> reader, String topic, Duration partitionCheckInterval) {
        loop.start(reader, () -> run(reader, topic, partitionCheckInterval.toNanos()));
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        stop();
    }

    /** Stops the loop; it may be waiting for room on an event loop that no longer runs (SessionRegistry#dispatch). */
    void stop() throws InterruptedException {
        loop.stop();
    }

    /** The consumer's settings: broker and connection (security, SASL, SSL) from {@code kafka.*}, the rest its own. */
    Map<String, Object> settings() {
        Map<String, Object> settings = PollingThread.clientSettings(kafkaConfig);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "notification-gateway-fanout");
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // a position the log no longer holds (retention passed it during an outage): carry on live
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        GatewayConfig.FanOut fan = config.fanOut();
        settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) fan.fetchMaxWait().toMillis());
        settings.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, fan.fetchMinBytes());
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, fan.maxPollRecords());
        return settings;
    }

    private void run(Consumer<String, String> reader, String topic, long checkEvery) {
        long nextCheck = System.nanoTime();
        long nextLag = nextCheck;
        try {
            while (loop.running()) {
                try {
                    if (!assignment.complete()) {
                        assignment.update(reader, topic, METADATA_TIMEOUT);
                        nextCheck = System.nanoTime() + checkEvery;
                    } else if (System.nanoTime() - nextCheck >= 0) {
                        nextCheck = System.nanoTime() + checkEvery;
                        checkPartitions(reader, topic);
                    }
                    if (assignment.assigned().isEmpty()) {
                        // the topic is not there yet (its metadata came back empty)
                        failed("topic " + topic + " has no partitions (yet)");
                        continue;
                    }
                    ConsumerRecords<String, String> records = reader.poll(POLL);
                    if (!records.isEmpty()) {
                        hand(records);
                    }
                    if (System.nanoTime() - nextLag >= 0) {
                        recordLag(reader);
                        nextLag = System.nanoTime() + LAG_EVERY_NANOS;
                    }
                    reading = true;
                    if (failing > 0) {
                        failing = 0;
                        lastError = null;
                    }
                } catch (WakeupException e) {
                    // shutting down: the loop condition ends it
                } catch (RuntimeException e) {
                    LOG.warnf("Notification fan-out: %s; retrying in %s", e.toString(), BACKOFF.after(failing + 1));
                    failed(e.toString());
                }
            }
        } finally {
            reading = false;
            // stop() may have interrupted the thread; the consumer's close must not see it
            Thread.interrupted();
            reader.close(Duration.ofSeconds(5));
        }
    }

    /**
     * The periodic look for partitions added to the topic. While the broker is away it times out: the partitions
     * already assigned are read on (the consumer reconnects by itself) and the next check comes at its interval.
     */
    private void checkPartitions(Consumer<String, String> reader, String topic) {
        try {
            assignment.update(reader, topic, METADATA_TIMEOUT);
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.debugf("Notification fan-out: partitions of %s not checked: %s", topic, e.toString());
        }
    }

    /** One more failure in a row: recorded for readiness, then the backoff. */
    private void failed(String error) {
        lastError = error;
        failing++;
        loop.pause(BACKOFF.after(failing));
    }

    private void hand(ConsumerRecords<String, String> records) {
        try {
            fanOut.fanOut(records);
        } catch (RuntimeException e) {
            // a bug, not a bad record (those are checked and skipped one by one): keep reading
            LOG.errorf(e, "Notification fan-out failed on a batch of %d records", records.count());
        }
    }

    private void recordLag(Consumer<String, String> reader) {
        if (metrics == null) {
            return;
        }
        for (TopicPartition partition : assignment.assigned()) {
            OptionalLong lag = reader.currentLag(partition);
            if (lag.isPresent()) {
                metrics.fanOutLag(partition.partition(), lag.getAsLong());
            }
        }
    }

    @Override
    public HealthCheckResponse call() {
        int failures = failing;
        HealthCheckResponseBuilder response = HealthCheckResponse.named("notification fan-out")
                .status(loop.running() && reading && assignment.complete() && failures < FAILURES_BEFORE_DOWN)
                .withData("assigned", assignment.assigned().size())
                .withData("partitions", assignment.partitions());
        String error = lastError;
        if (failures > 0 && error != null) {
            response.withData("failing", failures).withData("error", error);
        }
        return response.build();
    }
}
