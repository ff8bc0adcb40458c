package com.orbitlend.gateway.ingest;

import com.orbitlend.events.DeadLetterHeaders;
import com.orbitlend.events.Topics;
import com.orbitlend.testkit.kafka.KafkaTestBroker;
import com.orbitlend.testkit.kafka.TestTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;

import static com.orbitlend.testkit.kafka.TestTopics.header;

/**
 * Shared by the fuzz tests: a seeded random source (the seed is printed; rerun with {@code -Dfuzz.seed=<seed>}),
 * a producer of raw bytes (invalid UTF-8, null keys and values) and lookups of dead letters by origin.
 */
final class FuzzKit {

    final long seed;
    final Random random;
    private final KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.LINGER_MS_CONFIG, 5), new ByteArraySerializer(), new ByteArraySerializer());
    private final List<Future<RecordMetadata>> sent = new ArrayList<>();

    FuzzKit(String test) {
        Long fixed = Long.getLong("fuzz.seed");
        seed = fixed != null ? fixed : new Random().nextLong();
        random = new Random(seed);
        System.out.println(test + ": fuzz seed " + seed + " (rerun with -Dfuzz.seed=" + seed + ")");
    }

    /** Sends a record (null key and value allowed); {@link #await} returns where each one landed, in order. */
    void send(String topic, byte[] key, byte[] value) {
        sent.add(producer.send(new ProducerRecord<>(topic, key, value)));
    }

    void send(String topic, String key, String value) {
        send(topic, utf8(key), utf8(value));
    }

    List<RecordMetadata> await() throws Exception {
        producer.flush();
        List<RecordMetadata> landed = new ArrayList<>();
        for (Future<RecordMetadata> f : sent) {
            landed.add(f.get());
        }
        producer.close();
        return landed;
    }

    static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes of {@code s} with {@code garbage} (not UTF-8) spliced in at {@code at}. */
    static byte[] splice(String s, int at, byte... garbage) {
        byte[] head = s.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] tail = s.substring(at).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + garbage.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(garbage, 0, out, head.length, garbage.length);
        System.arraycopy(tail, 0, out, head.length + garbage.length, tail.length);
        return out;
    }

    /** Dead letters written by {@code consumer}, by "topic/partition/offset" of the record they came from. */
    static Map<String, ConsumerRecord<String, String>> deadLetters(String consumer) {
        Map<String, ConsumerRecord<String, String>> byOrigin = new HashMap<>();
        for (ConsumerRecord<String, String> r : TestTopics.readAll(Topics.NOTIFICATIONS_DLQ)) {
            if (consumer.equals(header(r, DeadLetterHeaders.CONSUMER))) {
                byOrigin.put(header(r, DeadLetterHeaders.TOPIC) + "/" + header(r, DeadLetterHeaders.PARTITION) + "/"
                        + header(r, DeadLetterHeaders.OFFSET), r);
            }
        }
        return byOrigin;
    }

    static String origin(RecordMetadata m) {
        return m.topic() + "/" + m.partition() + "/" + m.offset();
    }

    /** HTTP status of /q/health/live. */
    static int liveness(URI live) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(live).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** JSON nested {@code depth} arrays deep. */
    static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }
}
