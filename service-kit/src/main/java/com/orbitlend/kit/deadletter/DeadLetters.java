package com.orbitlend.kit.deadletter;

import com.orbitlend.events.DeadLetterHeaders;
import com.orbitlend.events.Topics;
import com.orbitlend.kit.outbox.OutboxConfig;
import com.orbitlend.kit.outbox.OutboxProducers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Publishes records a consumer can never process to {@code orbitlend.notifications.dlq}, unchanged (key and
 * value bytes as received, whatever their encoding; a null value becomes empty), with where they came from and
 * why in headers: the names notification-gateway and SmallRye's dead-letter-queue strategy use.
 *
 * <p>A dead letter must always be deliverable, or the record it concerns would stop its consumer: a key or value
 * too large for a Kafka request (a producer may write megabytes that compress well) is cut to its first
 * {@value #MAX_KEY_BYTES} / {@value #MAX_VALUE_BYTES} bytes, and header {@value #TRUNCATED} then gives the original
 * sizes; the reason is cut to {@value #MAX_REASON_CHARS} characters.
 *
 * <p>A plain Kafka producer (idempotent, acks=all, lz4, {@code kafka.bootstrap.servers} and its security
 * settings), created on the first dead letter: services that consume nothing neither need the messaging
 * extension nor open a connection. {@link #send} blocks until Kafka acknowledges, so it is meant for
 * {@code @Blocking} consumers; sends are bounded by {@code orbitlend.outbox.send-timeout}, like the relay's.
 *
 * <p>Each acknowledged dead letter counts in {@code orbitlend_dead_letters_total{consumer, topic}} (topic = the
 * source topic), the same meter notification-gateway's dead letters count in.
 */
@ApplicationScoped
public class DeadLetters {

    /** Header present when the key or value was cut: "key=<original bytes>,value=<original bytes>". */
    public static final String TRUNCATED = "dead-letter-truncated";
    static final int MAX_KEY_BYTES = 16 * 1024;
    static final int MAX_VALUE_BYTES = 512 * 1024;
    static final int MAX_REASON_CHARS = 2000;

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final Supplier<Producer<byte[], byte[]>> producers;
    private final Duration ackTimeout;
    private final MeterRegistry registry;
    private Producer<byte[], byte[]> producer;

    @Inject
    DeadLetters(@ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092") String servers,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, OutboxConfig config,
            MeterRegistry registry) {
        this(() -> OutboxProducers.createRaw("orbitlend-dead-letters", servers,
                OutboxProducers.connectionSettings(kafkaConfig), config.sendTimeout()),
                OutboxProducers.ackTimeout(config.sendTimeout()), registry);
    }

    DeadLetters(Supplier<Producer<byte[], byte[]>> producers, Duration ackTimeout, MeterRegistry registry) {
        this.producers = producers;
        this.ackTimeout = ackTimeout;
        this.registry = registry;
    }

    /**
     * Dead-letters {@code record}, which {@code consumer} could not process.
     *
     * @throws DeadLetterException if Kafka did not acknowledge: the record must not be acknowledged
     */
    public void send(String consumer, ConsumerRecord<String, String> record, String reason) {
        send(consumer, record.topic(), record.partition(), record.offset(), record.key(), record.value(), reason);
    }

    /**
     * Dead-letters {@code record}, read as raw bytes, which {@code consumer} could not process.
     *
     * @throws DeadLetterException if Kafka did not acknowledge: the record must not be acknowledged
     */
    public void sendRaw(String consumer, ConsumerRecord<byte[], byte[]> record, String reason) {
        send(consumer, record.topic(), record.partition(), record.offset(), record.key(), record.value(), reason);
    }

    /**
     * Returns once Kafka acknowledged the dead letter of the record at {@code topic-partition@offset}.
     *
     * @throws DeadLetterException if it did not within the timeout: the record must not be acknowledged
     */
    public void send(String consumer, String topic, int partition, long offset, String key, String value,
            String reason) {
        send(consumer, topic, partition, offset, key == null ? null : bytes(key), value == null ? null : bytes(value),
                reason);
    }

    /**
     * As {@link #send(String, String, int, long, String, String, String)}, for a key and value as raw bytes.
     *
     * @throws DeadLetterException if Kafka did not acknowledge: the record must not be acknowledged
     */
    public void send(String consumer, String topic, int partition, long offset, byte[] key, byte[] value,
            String reason) {
        reason = reason == null ? "" : reason.replace('\u0000', ' ');
        if (reason.length() > MAX_REASON_CHARS) {
            reason = reason.substring(0, MAX_REASON_CHARS) + "...";
        }
        LOG.warnf("Dead-lettering %s-%d@%d (%s): %s", topic, partition, offset, consumer, reason);
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, bytes(reason));
        headers.add(DeadLetterHeaders.TOPIC, bytes(topic));
        headers.add(DeadLetterHeaders.PARTITION, bytes(Integer.toString(partition)));
        headers.add(DeadLetterHeaders.OFFSET, bytes(Long.toString(offset)));
        headers.add(DeadLetterHeaders.CONSUMER, bytes(consumer));
        byte[] letterValue = value == null ? new byte[0] : value;
        if ((key != null && key.length > MAX_KEY_BYTES) || letterValue.length > MAX_VALUE_BYTES) {
            headers.add(TRUNCATED, bytes("key=" + (key == null ? 0 : key.length) + ",value=" + letterValue.length));
            key = key == null ? null : Arrays.copyOf(key, Math.min(key.length, MAX_KEY_BYTES));
            letterValue = Arrays.copyOf(letterValue, Math.min(letterValue.length, MAX_VALUE_BYTES));
        }
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(Topics.NOTIFICATIONS_DLQ, null, key,
                letterValue, headers);
        Producer<byte[], byte[]> used = producer();
        try {
            used.send(letter).get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
            counter(registry, consumer, topic).increment();
        } catch (ExecutionException e) {
            throw failed(used, topic, partition, offset, e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            throw failed(used, topic, partition, offset, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(used, topic, partition, offset, e);
        }
    }

    /** {@code orbitlend_dead_letters_total} of records {@code consumer} gave up on, read from {@code topic}. */
    public static Counter counter(MeterRegistry registry, String consumer, String topic) {
        return Counter.builder("orbitlend.dead.letters").tag("consumer", consumer).tag("topic", topic)
                .description("Records dead-lettered to " + Topics.NOTIFICATIONS_DLQ + ", by consumer and source topic")
                .register(registry);
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            closeQuietly(producer, Duration.ofSeconds(5));
            producer = null;
        }
    }

    private synchronized Producer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = producers.get();
        }
        return producer;
    }

    /** Replaces the producer that failed, so the next attempt starts afresh. */
    private DeadLetterException failed(Producer<byte[], byte[]> used, String topic, int partition, long offset,
            Throwable cause) {
        synchronized (this) {
            if (producer == used) {
                producer = null;
            }
        }
        closeQuietly(used, Duration.ZERO);
        return new DeadLetterException("Dead letter of " + topic + "-" + partition + "@" + offset
                + " not acknowledged: " + cause, cause);
    }

    private static void closeQuietly(Producer<byte[], byte[]> producer, Duration timeout) {
        try {
            producer.close(timeout);
        } catch (RuntimeException ignored) {
            // a producer that cannot close cleanly is discarded all the same
        }
    }

    private static byte[] bytes(String value) {
        return (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
    }
}
