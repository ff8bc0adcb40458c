package com.orbitlend.ops.dlq;

import com.orbitlend.events.DeadLetterHeaders;
import com.orbitlend.events.Topics;
import com.orbitlend.testkit.kafka.KafkaTestBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dlq commands against a real broker: dead letters written as the services write them, then listed, shown and
 * redriven, and the redriven records read back from their source topic.
 */
class DlqCommandTest {

    /** Source topics of this test run, so reruns and other tests' records never mix in. */
    private static final String SOURCE = "orbitlend.loan.events";

    private static String bootstrap;
    private static String runId;
    private static String good;
    private static String withHeader;
    private static String truncated;

    @BeforeAll
    static void deadLetters() throws Exception {
        bootstrap = KafkaTestBroker.bootstrapServers();
        runId = UUID.randomUUID().toString();
        good = position(letter(SOURCE, "loan-" + runId, "{\"id\":\"" + runId + "\"}", Map.of(), false));
        withHeader = position(letter(SOURCE, "loan-h-" + runId, "value-h-" + runId, Map.of("traceparent", "00-abc"),
                false));
        truncated = position(letter("orbitlend.kyc.events", "user-" + runId, "cut-" + runId, Map.of(), true));
    }

    @Test
    void listShowsEveryLetterWithSourceConsumerAndReason() {
        Result list = dlq("list", "--source", SOURCE, "--limit", "100000");

        assertThat(list.status).isZero();
        assertThat(list.out).contains(good + " ").contains(withHeader + " ")
                .contains("marketplace-service.loan-events").contains("Not a valid CloudEvent " + runId)
                .containsPattern("\\d+ dead letters in " + Topics.NOTIFICATIONS_DLQ)
                .doesNotContain(truncated + " ");
    }

    @Test
    void showPrintsHeadersKeyAndValueAndWhetherItCanBeRedriven() {
        Result show = dlq("show", withHeader);
        assertThat(show.status).isZero();
        assertThat(show.out).contains("dead-letter-topic: " + SOURCE).contains("traceparent: 00-abc")
                .contains("key        loan-h-" + runId).contains("value      value-h-" + runId)
                .contains("redrive    yes, to " + SOURCE);

        Result cut = dlq("show", truncated);
        assertThat(cut.out).contains("redrive    no: it was truncated");

        Result missing = dlq("show", "0:999999999");
        assertThat(missing.status).isEqualTo(1);
        assertThat(missing.err).contains("no dead letter at 0:999999999");
    }

    @Test
    void redriveRepublishesTheOriginalKeyValueAndHeadersToTheSourceTopic() throws Exception {
        Result dry = dlq("redrive", withHeader, "--dry-run");
        assertThat(dry.out).contains("would redrive " + withHeader + " -> " + SOURCE);

        Result redrive = dlq("redrive", good, withHeader);
        assertThat(redrive.status).as(redrive.err).isZero();
        assertThat(redrive.out).contains("2 redriven");

        List<ConsumerRecord<byte[], byte[]>> back = readSource(List.of("loan-" + runId, "loan-h-" + runId));
        assertThat(back).hasSize(2);
        ConsumerRecord<byte[], byte[]> first = back.stream().filter(r -> text(r.key()).equals("loan-" + runId))
                .findFirst().orElseThrow();
        assertThat(text(first.value())).isEqualTo("{\"id\":\"" + runId + "\"}");
        assertThat(first.headers().toArray()).isEmpty();
        ConsumerRecord<byte[], byte[]> second = back.stream().filter(r -> text(r.key()).equals("loan-h-" + runId))
                .findFirst().orElseThrow();
        assertThat(text(second.value())).isEqualTo("value-h-" + runId);
        assertThat(second.headers().toArray()).singleElement()
                .satisfies(h -> assertThat(h.key()).isEqualTo("traceparent"));
    }

    @Test
    void aTruncatedLetterOrAnUnknownPositionIsRefusedAndNothingIsSent() {
        Result refused = dlq("redrive", good, truncated);
        assertThat(refused.status).isEqualTo(1);
        assertThat(refused.err).contains("cannot redrive " + truncated).contains("truncated")
                .contains("nothing redriven");

        Result unknown = dlq("redrive", "0:999999999");
        assertThat(unknown.status).isEqualTo(1);

        Result usage = dlq("redrive");
        assertThat(usage.status).isEqualTo(2);
        assertThat(dlq("redrive", "--all", good).status).isEqualTo(2);
        assertThat(dlq("frobnicate").status).isEqualTo(2);
    }

    @Test
    void redriveAllSkipsWhatCannotBeRedriven() {
        Result all = dlq("redrive", "--all", "--source", "orbitlend.kyc.events", "--dry-run");
        assertThat(all.status).isZero();
        assertThat(all.out).contains("skipped " + truncated + ": it was truncated")
                .doesNotContain("would redrive " + truncated);
    }

    private record Result(int status, String out, String err) {
    }

    private static Result dlq(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new DlqCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args, Map.of("ORBITLEND_KAFKA_BOOTSTRAP", bootstrap));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A dead letter as service-kit's DeadLetters writes it (plus extra original headers). */
    private static RecordMetadata letter(String source, String key, String value, Map<String, String> extra,
            boolean cut) throws Exception {
        RecordHeaders headers = new RecordHeaders();
        extra.forEach((k, v) -> headers.add(k, bytes(v)));
        headers.add(DeadLetterHeaders.REASON, bytes("Not a valid CloudEvent " + runId));
        headers.add(DeadLetterHeaders.TOPIC, bytes(source));
        headers.add(DeadLetterHeaders.PARTITION, bytes("1"));
        headers.add(DeadLetterHeaders.OFFSET, bytes("42"));
        headers.add(DeadLetterHeaders.CONSUMER, bytes("marketplace-service.loan-events"));
        if (cut) {
            headers.add("dead-letter-truncated", bytes("key=10,value=600000"));
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(Topics.NOTIFICATIONS_DLQ, null, bytes(key), bytes(value),
                    headers)).get();
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readSource(List<String> keys) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(SOURCE).stream()
                    .map(p -> new TopicPartition(SOURCE, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (found.size() < keys.size() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (keys.contains(text(r.key()))) {
                        found.add(r);
                    }
                });
            }
        }
        return found;
    }

    private static String position(RecordMetadata m) {
        return m.partition() + ":" + m.offset();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
