package com.orbitlend.gateway.ingest;

import com.orbitlend.events.EventJson;
import com.orbitlend.events.InvalidEventException;
import com.orbitlend.events.notification.Notification;
import com.orbitlend.gateway.config.GatewayConfig;
import com.orbitlend.gateway.routing.NotificationRouter;
import com.orbitlend.gateway.routing.RoutingException;
import com.orbitlend.kit.outbox.Backoff;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Router: domain events to notifications keyed by channel ({@link NotificationRouter}), on a thread of its own
 * ({@value #THREAD}) with a plain {@link KafkaConsumer} in group {@value #CONSUMER} (shared by all replicas,
 * cooperative-sticky) and a {@link KafkaProducer} of its own. Nothing of it runs on an event loop, so a loop busy
 * writing broadcasts does not delay it (docs/gateway-delivery.md, "The router").
 * <p>
 * Each poll is routed as a whole: every notification of every record is sent before any acknowledgement is awaited
 * (the idempotent producer keeps them in order per channel), then the records are settled in order. A record is
 * committed only after every notification of it is acknowledged by Kafka (at-least-once; routing it again yields
 * the same notification ids). A record that does not follow the contract, whose mapping fails, whose notifications
 * the archiver would refuse ({@link NotificationRecords}) or that Kafka refuses for good (too large) is
 * dead-lettered with the reason and skipped. While Kafka does not acknowledge, the partition is set back to the
 * first record not settled and routed again after a backoff: nothing a producer writes stops the router.
 * <p>
 * Readiness check "domain event router": UP once a poll has succeeded, while the loop runs; DOWN after
 * {@value #FAILURES_BEFORE_DOWN} failed polls in a row (an ACL that no longer lets the gateway read). Publishing
 * retries show in its data.
 */
@ApplicationScoped
@Readiness
public class DomainEventRouter implements HealthCheck {

    static final String CONSUMER = "notification-gateway-router";
    static final String THREAD = "domain-router";
    private static final Logger LOG = Logger.getLogger(DomainEventRouter.class);
    private static final Duration POLL = Duration.ofMillis(500);
    static final int FAILURES_BEFORE_DOWN = 3;
    private static final Backoff POLL_BACKOFF = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));
    private static final Backoff RETRY_BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    @Inject
    NotificationRouter router;

    @Inject
    DeadLetters deadLetters;

    @Inject
    GatewayConfig config;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private final PollingThread loop = new PollingThread(THREAD);
    /** A poll has succeeded since the loop started. */
    private volatile boolean polled;
    /** Polls failed in a row; written by the loop's thread only. */
    private volatile int pollFailures;
    /** Batches in a row with a record Kafka did not acknowledge; written by the loop's thread only. */
    private volatile int retries;
    private volatile String lastError;
    private String notificationsTopic;
    private Duration settleTimeout;

    void onStart(@Observes StartupEvent event) {
        GatewayConfig.Router settings = config.router();
        start(new KafkaConsumer<>(consumerSettings()), new KafkaProducer<>(producerSettings()), config.domainTopics(),
                config.notificationsTopic(), settings.sendTimeout().plusSeconds(5));
    }

    /** Starts the loop on its own thread with this consumer and producer (Kafka's mocks in unit tests). */
    void start(Consumer<String, String> reader, Producer<String, String> writer, Collection<String> topics,
            String notifications, Duration settle) {
        configure(notifications, settle);
        loop.start(reader, () -> run(reader, writer, topics));
    }

    /** Everything but the thread: unit tests call {@link #routeBatch} on theirs. */
    void prepare(Consumer<String, String> reader, String notifications, Duration settle) {
        configure(notifications, settle);
        loop.prepare(reader);
    }

    private void configure(String notifications, Duration settle) {
        notificationsTopic = notifications;
        settleTimeout = settle;
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        stop();
    }

    /** Stops the loop; it may be waiting for an acknowledgement or in a backoff rather than in a poll. */
    void stop() throws InterruptedException {
        loop.stop();
    }

    /** The consumer's settings: broker and connection (security, SASL, SSL) from {@code kafka.*}, the rest its own. */
    Map<String, Object> consumerSettings() {
        Map<String, Object> settings = PollingThread.clientSettings(kafkaConfig);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, CONSUMER);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, CONSUMER);
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // when a replica joins or dies only the partitions that move stop; the others keep being routed
        settings.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        GatewayConfig.Router router = config.router();
        int sessionTimeout = (int) router.sessionTimeout().toMillis();
        settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, sessionTimeout);
        settings.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(1, sessionTimeout / 3));
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, router.maxPollRecords());
        return settings;
    }

    /** The producer's settings: idempotent, acks=all, no linger (a routed notification leaves at once). */
    Map<String, Object> producerSettings() {
        Map<String, Object> settings = PollingThread.clientSettings(kafkaConfig);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, CONSUMER);
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        // Kafka 4 lingers 5 ms by default; under load records still batch while a request is in flight
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        int timeout = (int) config.router().sendTimeout().toMillis();
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        return settings;
    }

    private void run(Consumer<String, String> reader, Producer<String, String> writer, Collection<String> topics) {
        try {
            reader.subscribe(topics);
            while (loop.running()) {
                try {
                    ConsumerRecords<String, String> records = reader.poll(POLL);
                    polled = true;
                    if (pollFailures > 0) {
                        pollFailures = 0;
                        lastError = null;
                    }
                    if (!records.isEmpty()) {
                        routeBatch(reader, writer, records);
                    }
                } catch (WakeupException e) {
                    // shutting down: the loop condition ends it
                } catch (RuntimeException e) {
                    pollFailures++;
                    lastError = e.toString();
                    LOG.warnf("Domain event router: %s; retrying in %s", e.toString(), POLL_BACKOFF.after(pollFailures));
                    loop.pause(POLL_BACKOFF.after(pollFailures));
                }
            }
        } finally {
            polled = false;
            // stop() may have interrupted the thread; closing must not see it
            Thread.interrupted();
            reader.close(Duration.ofSeconds(5));
            writer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Routes one poll: sends everything, then settles the records in order and commits those settled. A partition
     * with a record not settled (Kafka did not acknowledge, a bug, shutdown) is set back to that record, so the
     * next poll routes it again.
     */
    void routeBatch(Consumer<String, String> reader, Producer<String, String> writer,
            ConsumerRecords<String, String> records) {
        List<Routing> routings = new ArrayList<>(records.count());
        Map<TopicPartition, Long> next = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            next.put(partition, records.records(partition).get(0).offset());
        }
        Map<TopicPartition, OffsetAndMetadata> settled = new HashMap<>();
        boolean unsettled = false;
        try {
            for (ConsumerRecord<String, String> record : records) {
                routings.add(dispatch(writer, record));
            }
            for (Routing routing : routings) {
                TopicPartition partition = new TopicPartition(routing.record.topic(), routing.record.partition());
                // past a record not settled, its partition's next offset stays at it: the rest wait for the retry
                if (next.get(partition) == routing.record.offset() && loop.running() && settle(routing)) {
                    next.put(partition, routing.record.offset() + 1);
                    settled.put(partition, new OffsetAndMetadata(routing.record.offset() + 1));
                }
            }
        } finally {
            // each partition not settled to its end (a failure, a bug, shutdown) goes back to its first record left
            for (Map.Entry<TopicPartition, Long> position : next.entrySet()) {
                if (position.getValue() <= last(records, position.getKey())) {
                    unsettled = true;
                    reader.seek(position.getKey(), position.getValue());
                }
            }
            commit(reader, settled);
        }
        if (unsettled && loop.running()) {
            retries++;
            loop.pause(RETRY_BACKOFF.after(retries));
        } else if (!unsettled && retries > 0) {
            retries = 0;
            lastError = null;
        }
    }

    private static long last(ConsumerRecords<String, String> records, TopicPartition partition) {
        List<ConsumerRecord<String, String>> of = records.records(partition);
        return of.get(of.size() - 1).offset();
    }

    /** Maps one record and sends its notifications, or says why it must be dead-lettered. */
    private Routing dispatch(Producer<String, String> writer, ConsumerRecord<String, String> record) {
        List<Notification> routed;
        List<String> values = new ArrayList<>();
        try {
            routed = router.route(EventJson.readEvent(record.value()));
            for (Notification notification : routed) {
                // what the archiver and the fan-out would refuse is never published: the event is dead-lettered
                values.add(NotificationRecords.checkOutgoing(notification));
            }
        } catch (InvalidEventException | RoutingException e) {
            return new Routing(record, List.of(), e.getMessage());
        } catch (RuntimeException e) {
            // the mapping refused what the record holds (an invalid channel name, say)
            return new Routing(record, List.of(), "Cannot route: " + NotificationRecords.rootMessage(e));
        } catch (StackOverflowError e) {
            // a bug, not the record: still never stop the router on one record
            LOG.errorf(e, "Routing %s failed unexpectedly", describe(record));
            return new Routing(record, List.of(), "Cannot route: " + NotificationRecords.rootMessage(e));
        }
        List<Future<RecordMetadata>> sends = new ArrayList<>(routed.size());
        for (int i = 0; i < routed.size(); i++) {
            try {
                sends.add(writer.send(new ProducerRecord<>(notificationsTopic, routed.get(i).channel(), values.get(i))));
            } catch (RuntimeException e) {
                // refused before it left (no metadata within the send timeout, the producer closing)
                sends.add(CompletableFuture.failedFuture(e));
            }
        }
        return new Routing(record, sends, null);
    }

    /**
     * Waits for a record's notifications to be acknowledged, or dead-letters it. False when it must be routed
     * again: Kafka did not acknowledge (or not in time), the dead letter was not acknowledged, or shutdown.
     */
    private boolean settle(Routing routing) {
        if (routing.deadLetterReason != null) {
            return deadLetter(routing.record, routing.deadLetterReason);
        }
        Throwable failure = null;
        for (Future<RecordMetadata> send : routing.sends) {
            try {
                send.get(settleTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
            } catch (TimeoutException e) {
                failure = failure == null ? e : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        if (failure == null) {
            return true;
        }
        if (permanent(failure)) {
            // Kafka refuses it for good (too large for the broker): notifications of it already sent stay sent
            return deadLetter(routing.record,
                    "Publishing its notifications failed permanently: " + NotificationRecords.rootMessage(failure));
        }
        lastError = failure.toString();
        LOG.warnf("Publishing notifications of %s failed, routing it again: %s", describe(routing.record), failure);
        return false;
    }

    private boolean deadLetter(ConsumerRecord<String, String> record, String reason) {
        try {
            deadLetters.send(CONSUMER, record.topic(), record.partition(), record.offset(), record.key(),
                    record.value(), reason).await().atMost(settleTimeout);
            return true;
        } catch (RuntimeException e) {
            lastError = e.toString();
            LOG.warnf("Dead-lettering %s failed, routing it again: %s", describe(record), e.toString());
            return false;
        }
    }

    /** Commits what was settled; a failure only means those records are routed again (same notification ids). */
    private static void commit(Consumer<String, String> reader, Map<TopicPartition, OffsetAndMetadata> settled) {
        if (settled.isEmpty()) {
            return;
        }
        try {
            reader.commitSync(settled, Duration.ofSeconds(10));
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warnf("Domain event router: commit of %s failed, those records will be routed again: %s", settled,
                    e.toString());
        }
    }

    /** A failure that sending the same record again cannot cure. */
    static boolean permanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
                    || t instanceof InvalidRecordException || t instanceof SerializationException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(ConsumerRecord<String, String> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    @Override
    public HealthCheckResponse call() {
        int failures = pollFailures;
        HealthCheckResponseBuilder response = HealthCheckResponse.named("domain event router")
                .status(loop.running() && polled && failures < FAILURES_BEFORE_DOWN);
        int retrying = retries;
        String error = lastError;
        if (failures > 0) {
            response.withData("failing", failures);
        }
        if (retrying > 0) {
            response.withData("retrying", retrying);
        }
        if ((failures > 0 || retrying > 0) && error != null) {
            response.withData("error", error);
        }
        return response.build();
    }

    /** One record of a poll: the sends of its notifications, or why it is dead-lettered. */
    private record Routing(ConsumerRecord<String, String> record, List<Future<RecordMetadata>> sends,
            String deadLetterReason) {
    }
}
