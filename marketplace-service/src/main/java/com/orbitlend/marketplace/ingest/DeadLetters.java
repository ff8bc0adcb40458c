package com.orbitlend.marketplace.ingest;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;

/**
 * Publishes records that cannot be processed to {@code orbitlend.notifications.dlq}, unchanged, with where they
 * came from and why in headers (the names of notification-gateway's and SmallRye's dead-letter queue).
 */
@ApplicationScoped
public class DeadLetters {

    public static final String REASON = "dead-letter-reason";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";
    public static final String CONSUMER = "dead-letter-consumer";

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final MutinyEmitter<String> emitter;

    DeadLetters(@Channel("dead-letters") MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    /** Returns once Kafka acknowledged the dead letter; throws if it did not. */
    public void send(String consumer, ConsumerRecord<String, String> record, String reason) {
        LOG.warnf("Dead-lettering %s-%d@%d (%s): %s", record.topic(), record.partition(), record.offset(), consumer,
                reason);
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON, bytes(reason));
        headers.add(TOPIC, bytes(record.topic()));
        headers.add(PARTITION, bytes(Integer.toString(record.partition())));
        headers.add(OFFSET, bytes(Long.toString(record.offset())));
        headers.add(CONSUMER, bytes(consumer));
        emitter.sendMessage(Message.of(record.value() == null ? "" : record.value())
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                                .withKey(record.key()).withHeaders(headers).build()))
                .await().indefinitely();
    }

    private static byte[] bytes(String value) {
        return (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
    }
}
