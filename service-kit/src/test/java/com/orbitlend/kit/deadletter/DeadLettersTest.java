package com.orbitlend.kit.deadletter;

import com.orbitlend.events.DeadLetterHeaders;
import com.orbitlend.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadLettersTest {

    private final List<MockProducer<String, String>> created = new ArrayList<>();

    @Test
    void publishesTheRecordUnchangedWithWhereAndWhyInHeaders() {
        DeadLetters deadLetters = deadLetters(true, Duration.ofSeconds(5));

        deadLetters.send("loan-service-kyc-projection",
                new ConsumerRecord<>("orbitlend.kyc.events", 2, 41L, "user-1", "{not json"), "Not a valid CloudEvent");

        ProducerRecord<String, String> letter = created.get(0).history().get(0);
        assertThat(letter.topic()).isEqualTo(Topics.NOTIFICATIONS_DLQ);
        assertThat(letter.key()).isEqualTo("user-1");
        assertThat(letter.value()).isEqualTo("{not json");
        assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("Not a valid CloudEvent");
        assertThat(header(letter, DeadLetterHeaders.TOPIC)).isEqualTo("orbitlend.kyc.events");
        assertThat(header(letter, DeadLetterHeaders.PARTITION)).isEqualTo("2");
        assertThat(header(letter, DeadLetterHeaders.OFFSET)).isEqualTo("41");
        assertThat(header(letter, DeadLetterHeaders.CONSUMER)).isEqualTo("loan-service-kyc-projection");
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
    }

    @Test
    void anUnacknowledgedSendFailsAfterTheTimeout() {
        DeadLetters deadLetters = deadLetters(false, Duration.ofMillis(50));

        assertThatThrownBy(() -> deadLetters.send("c", "t", 1, 3L, "k", "v", "r"))
                .isInstanceOf(DeadLetterException.class)
                .hasMessageContaining("t-1@3 not acknowledged");
        assertThat(created.get(0).closed()).isTrue();
    }

    private DeadLetters deadLetters(boolean autoComplete, Duration ackTimeout) {
        return new DeadLetters(() -> {
            MockProducer<String, String> producer = new MockProducer<>(autoComplete, null, new StringSerializer(),
                    new StringSerializer());
            created.add(producer);
            return producer;
        }, ackTimeout);
    }

    private static String header(ProducerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
