package com.orbitlend.kit.deadletter;

import com.orbitlend.events.DeadLetterHeaders;
import com.orbitlend.events.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadLettersTest {

    private final List<MockProducer<byte[], byte[]>> created = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void publishesTheRecordUnchangedWithWhereAndWhyInHeaders() {
        DeadLetters deadLetters = deadLetters(true, Duration.ofSeconds(5));

        deadLetters.send("loan-service-kyc-projection",
                new ConsumerRecord<>("orbitlend.kyc.events", 2, 41L, "user-1", "{not json"), "Not a valid CloudEvent");

        ProducerRecord<byte[], byte[]> letter = created.get(0).history().get(0);
        assertThat(letter.topic()).isEqualTo(Topics.NOTIFICATIONS_DLQ);
        assertThat(text(letter.key())).isEqualTo("user-1");
        assertThat(text(letter.value())).isEqualTo("{not json");
        assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("Not a valid CloudEvent");
        assertThat(header(letter, DeadLetterHeaders.TOPIC)).isEqualTo("orbitlend.kyc.events");
        assertThat(header(letter, DeadLetterHeaders.PARTITION)).isEqualTo("2");
        assertThat(header(letter, DeadLetterHeaders.OFFSET)).isEqualTo("41");
        assertThat(header(letter, DeadLetterHeaders.CONSUMER)).isEqualTo("loan-service-kyc-projection");
        assertThat(DeadLetters.counter(registry, "loan-service-kyc-projection", "orbitlend.kyc.events").count())
                .isEqualTo(1);
    }

    @Test
    void aTombstoneIsDeadLetteredWithAnEmptyValue() {
        DeadLetters deadLetters = deadLetters(true, Duration.ofSeconds(5));

        deadLetters.send("c", "t", 0, 7L, "k", null, "Not a valid CloudEvent");

        assertThat(created.get(0).history()).singleElement().satisfies(r -> assertThat(r.value()).isEmpty());
    }

    @Test
    void theProducerIsCreatedOnFirstUseAndReused() {
        DeadLetters deadLetters = deadLetters(true, Duration.ofSeconds(5));
        assertThat(created).isEmpty();

        deadLetters.send("c", "t", 0, 1L, "k", "v", "r");
        deadLetters.send("c", "t", 0, 2L, "k", "v", "r");

        assertThat(created).hasSize(1);
        assertThat(created.get(0).history()).hasSize(2);
        deadLetters.close();
        assertThat(created.get(0).closed()).isTrue();
    }

    @Test
    void aRejectedSendFailsAndTheNextOneUsesANewProducer() {
        DeadLetters deadLetters = deadLetters(true, Duration.ofSeconds(5));
        deadLetters.send("c", "t", 0, 1L, "k", "v", "r");
        created.get(0).sendException = new TimeoutException("broker down");

        assertThatThrownBy(() -> deadLetters.send("c", "t", 0, 2L, "k", "v", "r"))
                .isInstanceOf(DeadLetterException.class)
                .hasMessageContaining("t-0@2 not acknowledged")
                .hasMessageContaining("broker down");
        assertThat(created.get(0).closed()).isTrue();

        deadLetters.send("c", "t", 0, 2L, "k", "v", "r");
        assertThat(created).hasSize(2);
        assertThat(created.get(1).history()).hasSize(1);
        // only acknowledged dead letters count
        assertThat(DeadLetters.counter(registry, "c", "t").count()).isEqualTo(2);
    }

    @Test
    void anUnacknowledgedSendFailsAfterTheTimeout() {
        DeadLetters deadLetters = deadLetters(false, Duration.ofMillis(50));

        assertThatThrownBy(() -> deadLetters.send("c", "t", 1, 3L, "k", "v", "r"))
                .isInstanceOf(DeadLetterException.class)
                .hasMessageContaining("t-1@3 not acknowledged");
        assertThat(created.get(0).closed()).isTrue();
    }

    @Test
    void rawBytesThatAreNoUtf8AreDeadLetteredAsReceived() {
        DeadLetters deadLetters = deadLetters(true, Duration.ofSeconds(5));
        byte[] key = { 'k', (byte) 0xff };
        byte[] value = { '{', (byte) 0xc3, (byte) 0x28, '}' };

        deadLetters.sendRaw("c", new ConsumerRecord<>("t", 0, 1L, key, value), "Record value is not valid UTF-8");

        ProducerRecord<byte[], byte[]> letter = created.get(0).history().get(0);
        assertThat(letter.key()).isEqualTo(key);
        assertThat(letter.value()).isEqualTo(value);
        assertThat(letter.headers().lastHeader(DeadLetters.TRUNCATED)).isNull();
    }

    @Test
    void aValueTooLargeForKafkaIsCutAndTheOriginalSizesAreInAHeader() {
        DeadLetters deadLetters = deadLetters(true, Duration.ofSeconds(5));
        byte[] huge = new byte[3 * 1024 * 1024];
        Arrays.fill(huge, (byte) 'x');

        deadLetters.sendRaw("c", new ConsumerRecord<>("t", 0, 1L, new byte[] { 'k' }, huge),
                "r".repeat(10_000) + "\u0000");

        ProducerRecord<byte[], byte[]> letter = created.get(0).history().get(0);
        assertThat(letter.value()).hasSize(DeadLetters.MAX_VALUE_BYTES);
        assertThat(header(letter, DeadLetters.TRUNCATED)).isEqualTo("key=1,value=" + huge.length);
        assertThat(header(letter, DeadLetterHeaders.REASON)).hasSize(DeadLetters.MAX_REASON_CHARS + 3)
                .doesNotContain("\u0000");
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private DeadLetters deadLetters(boolean autoComplete, Duration ackTimeout) {
        return new DeadLetters(() -> {
            MockProducer<byte[], byte[]> producer = new MockProducer<>(autoComplete, null, new ByteArraySerializer(),
                    new ByteArraySerializer());
            created.add(producer);
            return producer;
        }, ackTimeout, registry);
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
