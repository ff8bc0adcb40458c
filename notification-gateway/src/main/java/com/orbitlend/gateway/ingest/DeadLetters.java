package com.orbitlend.gateway.ingest;

import com.orbitlend.events.DeadLetterHeaders;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;

/**
 * Publishes records that cannot be processed to {@code orbitlend.notifications.dlq}, unchanged, with where they
 * came from and why in headers (same names as SmallRye's dead-letter-queue strategy).
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    @Inject
    @Channel("dead-letters")
    MutinyEmitter<String> emitter;

    /** Completes when the dead letter is acknowledged by Kafka. */
    public Uni<Void> send(String consumer, String topic, int partition, long offset, String key, String value,
            String reason) {
        LOG.warnf("Dead-lettering %s-%d@%d (%s): %s", topic, partition, offset, consumer, reason);
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, bytes(reason));
        headers.add(DeadLetterHeaders.TOPIC, bytes(topic));
        headers.add(DeadLetterHeaders.PARTITION, bytes(Integer.toString(partition)));
        headers.add(DeadLetterHeaders.OFFSET, bytes(Long.toString(offset)));
        headers.add(DeadLetterHeaders.CONSUMER, bytes(consumer));
        return emitter.sendMessage(Message.of(value == null ? "" : value)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(headers).build()));
    }

    private static byte[] bytes(String value) {
        return (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
    }
}
