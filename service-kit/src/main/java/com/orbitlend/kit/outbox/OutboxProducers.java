package com.orbitlend.kit.outbox;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds service-kit's Kafka producers (the outbox relay's, the dead letters'): idempotent, acks=all, and short
 * timeouts so a dead broker fails fast.
 */
public final class OutboxProducers {

    private static final String[] PASSED_THROUGH = { "security.", "sasl.", "ssl.", "client.dns.lookup" };

    private OutboxProducers() {
    }

    /** The connection settings (security, SASL, SSL, DNS) among a service's Kafka configuration. */
    public static Map<String, Object> connectionSettings(Map<String, Object> kafkaConfig) {
        return kafkaConfig.entrySet().stream()
                .filter(e -> isPassedThrough(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /**
     * A producer for {@code bootstrapServers}; {@code extra} (e.g. security, SASL, SSL settings) is applied
     * first, the relay's delivery guarantees after it, so they cannot be weakened by configuration.
     */
    public static Producer<String, String> create(String bootstrapServers, Map<String, Object> extra,
            Duration sendTimeout) {
        return create("orbitlend-outbox-relay", bootstrapServers, extra, sendTimeout);
    }

    /** As {@link #create(String, Map, Duration)}, with the given Kafka client id. */
    public static Producer<String, String> create(String clientId, String bootstrapServers,
            Map<String, Object> extra, Duration sendTimeout) {
        return new KafkaProducer<>(settings(clientId, bootstrapServers, extra, sendTimeout),
                new StringSerializer(), new StringSerializer());
    }

    /**
     * A producer of raw bytes with the same guarantees, compressing (lz4): for records passed on unchanged, such
     * as dead letters, whatever their encoding.
     */
    public static Producer<byte[], byte[]> createRaw(String clientId, String bootstrapServers,
            Map<String, Object> extra, Duration sendTimeout) {
        Map<String, Object> props = settings(clientId, bootstrapServers, extra, sendTimeout);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static Map<String, Object> settings(String clientId, String bootstrapServers,
            Map<String, Object> extra, Duration sendTimeout) {
        Map<String, Object> props = new HashMap<>(extra);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        int timeout = (int) sendTimeout.toMillis();
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        // must be >= linger.ms + request.timeout.ms
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2 * timeout + 5);
        return props;
    }

    /** How long to wait for the acknowledgement of a send before giving up on it. */
    public static Duration ackTimeout(Duration sendTimeout) {
        return sendTimeout.multipliedBy(2).plusSeconds(5);
    }

    private static boolean isPassedThrough(String key) {
        for (String prefix : PASSED_THROUGH) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
