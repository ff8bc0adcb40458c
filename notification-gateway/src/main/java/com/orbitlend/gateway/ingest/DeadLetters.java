package com.orbitlend.gateway.ingest;

import com.orbitlend.events.DeadLetterHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;

/**
 * Publishes records that cannot be processed to {@code orbitlend.notifications.dlq}, unchanged, with where they
 * came from and why in headers (same names as SmallRye's dead-letter-queue strategy). Each acknowledged dead
 * letter counts in {@code orbitlend_dead_letters_total{consumer, topic}} (topic = the source topic), the meter
 * service-kit's dead letters count in too.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    /** Longest reason written to the header; longer ones are cut. */
    static final int MAX_REASON_CHARS = 1000;
    /** Characters of a value kept when the whole record is too large for Kafka. */
    static final int TRUNCATED_CHARS = 64 * 1024;
    /** Header on a dead letter whose value was cut: the original value's length in characters. */
    public static final String TRUNCATED_HEADER = "dead-letter-truncated-from";

    @Inject
    @Channel("dead-letters")
    MutinyEmitter<String> emitter;

    @Inject
    MeterRegistry registry;

    /**
     * Completes when the dead letter is acknowledged by Kafka. A record that Kafka refuses as too large (the
     * original was close to the size limit, the headers push it over) is dead-lettered with its value cut to
     * {@link #TRUNCATED_CHARS} characters and header {@value #TRUNCATED_HEADER} = its original length; other
     * failures (Kafka unreachable) fail the Uni: the caller retries.
     */
    public Uni<Void> send(String consumer, String topic, int partition, long offset, String key, String value,
            String reason) {
        String why = reason == null || reason.length() <= MAX_REASON_CHARS ? reason
                : reason.substring(0, MAX_REASON_CHARS) + "…";
        LOG.warnf("Dead-lettering %s-%d@%d (%s): %s", topic, partition, offset, consumer, why);
        String original = value == null ? "" : value;
        return publish(consumer, topic, partition, offset, key, original, why, null)
                .onFailure(DeadLetters::tooLarge).recoverWithUni(failure -> {
                    LOG.warnf("Dead letter of %s-%d@%d too large (%d characters); sending it truncated", topic,
                            partition, offset, original.length());
                    return publish(consumer, topic, partition, offset, key,
                            original.substring(0, Math.min(original.length(), TRUNCATED_CHARS)), why,
                            Integer.toString(original.length()));
                })
                .invoke(() -> Counter.builder("orbitlend.dead.letters").tag("consumer", consumer).tag("topic", topic)
                        .description("Records dead-lettered to orbitlend.notifications.dlq, by consumer and source topic")
                        .register(registry).increment());
    }

    private Uni<Void> publish(String consumer, String topic, int partition, long offset, String key, String value,
            String reason, String truncatedFrom) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, bytes(reason));
        headers.add(DeadLetterHeaders.TOPIC, bytes(topic));
        headers.add(DeadLetterHeaders.PARTITION, bytes(Integer.toString(partition)));
        headers.add(DeadLetterHeaders.OFFSET, bytes(Long.toString(offset)));
        headers.add(DeadLetterHeaders.CONSUMER, bytes(consumer));
        if (truncatedFrom != null) {
            headers.add(TRUNCATED_HEADER, bytes(truncatedFrom));
        }
        try {
            return emitter.sendMessage(Message.of(value)
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(headers)
                            .build()));
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
    }

    /** Kafka refused the record for its size: sending it again unchanged would fail again. */
    static boolean tooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException) {
                return true;
            }
        }
        return false;
    }

    private static byte[] bytes(String value) {
        return (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
    }
}
