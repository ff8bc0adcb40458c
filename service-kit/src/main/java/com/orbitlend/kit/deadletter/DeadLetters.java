package com.orbitlend.kit.deadletter;

import com.orbitlend.events.DeadLetterHeaders;
import com.orbitlend.events.Topics;
import com.orbitlend.kit.outbox.OutboxConfig;
import com.orbitlend.kit.outbox.OutboxProducers;
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
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Publishes records a consumer can never process to {@code orbitlend.notifications.dlq}, unchanged (key and
 * value; a null value becomes empty), with where they came from and why in headers: the names
 * notification-gateway and SmallRye's dead-letter-queue strategy use.
 *
 * <p>A plain Kafka producer (idempotent, acks=all, {@code kafka.bootstrap.servers} and its security settings),
 * created on the first dead letter: services that consume nothing neither need the messaging extension nor open
 * a connection. {@link #send} blocks until Kafka acknowledges, so it is meant for {@code @Blocking} consumers;
 * sends are bounded by {@code orbitlend.outbox.send-timeout}, like the relay's.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final Supplier<Producer<String, String>> producers;
    private final Duration ackTimeout;
    private Producer<String, String> producer;

    @Inject
    DeadLetters(@ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092") String servers,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, OutboxConfig config) {
        this(() -> OutboxProducers.create("orbitlend-dead-letters", servers,
                OutboxProducers.connectionSettings(kafkaConfig), config.sendTimeout()),
                OutboxProducers.ackTimeout(config.sendTimeout()));
    }

    DeadLetters(Supplier<Producer<String, String>> producers, Duration ackTimeout) {
        this.producers = producers;
        this.ackTimeout = ackTimeout;
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
     * Returns once Kafka acknowledged the dead letter of the record at {@code topic-partition@offset}.
     *
     * @throws DeadLetterException if it did not within the timeout: the record must not be acknowledged
     */
    public void send(String consumer, String topic, int partition, long offset, String key, String value,
            String reason) {
        LOG.warnf("Dead-lettering %s-%d@%d (%s): %s", topic, partition, offset, consumer, reason);
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, bytes(reason));
        headers.add(DeadLetterHeaders.TOPIC, bytes(topic));
        headers.add(DeadLetterHeaders.PARTITION, bytes(Integer.toString(partition)));
        headers.add(DeadLetterHeaders.OFFSET, bytes(Long.toString(offset)));
        headers.add(DeadLetterHeaders.CONSUMER, bytes(consumer));
        ProducerRecord<String, String> letter = new ProducerRecord<>(Topics.NOTIFICATIONS_DLQ, null, key,
                value == null ? "" : value, headers);
        Producer<String, String> used = producer();
        try {
            used.send(letter).get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failed(used, topic, partition, offset, e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            throw failed(used, topic, partition, offset, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(used, topic, partition, offset, e);
        }
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            closeQuietly(producer, Duration.ofSeconds(5));
            producer = null;
        }
    }

    private synchronized Producer<String, String> producer() {
        if (producer == null) {
            producer = producers.get();
        }
        return producer;
    }

    /** Replaces the producer that failed, so the next attempt starts afresh. */
    private DeadLetterException failed(Producer<String, String> used, String topic, int partition, long offset,
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

    private static void closeQuietly(Producer<String, String> producer, Duration timeout) {
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
