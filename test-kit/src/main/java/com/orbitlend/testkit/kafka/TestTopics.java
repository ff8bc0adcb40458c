package com.orbitlend.testkit.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * Produces string or raw-byte records to, and reads them back from, the {@link KafkaTestBroker}. Reads start at the
 * beginning of every partition, without a consumer group, so they see all records and commit nothing.
 */
public final class TestTopics {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static KafkaProducer<byte[], byte[]> producer;

    private TestTopics() {
    }

    /** Sends key and value as UTF-8 (null allowed); returns once the broker acknowledged the record. */
    public static void produce(String topic, String key, String value) {
        produceRaw(topic, utf8(key), utf8(value));
    }

    /**
     * Sends a record of raw bytes (null key or value allowed: a tombstone, invalid UTF-8, megabyte values) and
     * returns where it landed once the broker acknowledged it. Records are lz4-compressed and may be up to 16 MiB
     * before compression, so megabyte strings that compress well pass the broker's limit.
     */
    public static synchronized RecordMetadata produceRaw(String topic, byte[] key, byte[] value) {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    // megabyte strings compress to kilobytes: within the broker's limit once compressed
                    ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024,
                    ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024),
                    new ByteArraySerializer(), new ByteArraySerializer());
        }
        try {
            return producer.send(new ProducerRecord<>(topic, key, value))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish to " + topic, e);
        }
    }

    /** Every record of {@code topic} up to its current end, in offset order per partition. */
    public static List<ConsumerRecord<String, String>> readAll(String topic) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumerFromBeginning(topic)) {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            await().atMost(TIMEOUT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(found::add);
                return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });
        }
        return found;
    }

    /**
     * Waits until at least {@code count} records of {@code topic} match {@code filter}; returns the matching ones
     * in offset order per partition.
     */
    public static List<ConsumerRecord<String, String>> awaitRecords(String topic,
            Predicate<ConsumerRecord<String, String>> filter, int count) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumerFromBeginning(topic)) {
            await().atMost(TIMEOUT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (filter.test(r)) {
                        found.add(r);
                    }
                });
                return found.size() >= count;
            });
        }
        return found;
    }

    /** Waits until at least {@code count} records with {@code key} arrived; returns them in offset order. */
    public static List<ConsumerRecord<String, String>> awaitRecords(String topic, String key, int count) {
        return awaitRecords(topic, r -> key.equals(r.key()), count);
    }

    /** Waits for the first record of {@code topic} matching {@code filter}; returns it. */
    public static ConsumerRecord<String, String> awaitRecord(String topic,
            Predicate<ConsumerRecord<String, String>> filter) {
        return awaitRecords(topic, filter, 1).get(0);
    }

    /** The last value of header {@code name} as UTF-8, or null without one. */
    public static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private static KafkaConsumer<String, String> consumerFromBeginning(String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer());
        try {
            List<PartitionInfo> partitions = await().atMost(TIMEOUT)
                    .until(() -> consumer.partitionsFor(topic), p -> p != null && !p.isEmpty());
            List<TopicPartition> assigned = partitions.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            return consumer;
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }
}
