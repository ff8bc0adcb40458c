package com.orbitlend.gateway.ingest;

import com.orbitlend.events.CloudEvent;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.Topics;
import com.orbitlend.events.loan.Collateral;
import com.orbitlend.events.loan.LoanRequested;
import com.orbitlend.gateway.routing.NotificationRouter;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The router's batch: what is sent, dead-lettered, committed and routed again, driven by Kafka's
 * {@link MockConsumer} and a {@link MockProducer} whose sends fail on demand. The real router and contract checks;
 * a recording {@link DeadLetters}.
 */
class DomainEventRouterTest {

    private static final String NOTIFICATIONS = "orbitlend.notifications";
    private static final TopicPartition LOANS = new TopicPartition(Topics.LOAN_EVENTS, 0);
    private static final TopicPartition LOANS_1 = new TopicPartition(Topics.LOAN_EVENTS, 1);

    private final MockConsumer<String, String> consumer = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
    private final FailingProducer producer = new FailingProducer();
    private final RecordingDeadLetters deadLetters = new RecordingDeadLetters();
    private final DomainEventRouter router = new DomainEventRouter();

    @BeforeEach
    void setUp() {
        router.router = new NotificationRouter();
        router.deadLetters = deadLetters;
        consumer.assign(List.of(LOANS, LOANS_1));
        consumer.updateBeginningOffsets(Map.of(LOANS, 0L, LOANS_1, 0L));
        consumer.seek(LOANS, 10);
        consumer.seek(LOANS_1, 20);
        router.prepare(consumer, NOTIFICATIONS, Duration.ofSeconds(5));
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        router.stop();
    }

    @Test
    void sendsEveryNotificationKeyedByChannelThenCommitsEachPartitionPastItsRecords() {
        router.routeBatch(consumer, producer, batch(
                record(LOANS, 10, loanRequested("loan-1", "user-1")),
                record(LOANS, 11, loanRequested("loan-2", "user-2")),
                record(LOANS_1, 20, loanRequested("loan-3", "user-3"))));

        List<ProducerRecord<String, String>> sent = producer.history();
        assertThat(sent).isNotEmpty().allSatisfy(r -> assertThat(r.topic()).isEqualTo(NOTIFICATIONS));
        assertThat(sent).extracting(ProducerRecord::key).contains("role:admin");
        assertThat(sent.stream().filter(r -> r.value().contains("loan-2"))).isNotEmpty();
        assertThat(committed()).containsEntry(LOANS, 12L).containsEntry(LOANS_1, 21L);
        assertThat(deadLetters.reasons).isEmpty();
        assertThat(router.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN); // no poll yet
    }

    @Test
    void deadLettersWhatBreaksTheContractAndRoutesTheRecordsAfterIt() {
        router.routeBatch(consumer, producer, batch(
                record(LOANS, 10, "{\"not\":\"a cloud event\""),
                record(LOANS, 11, loanRequested("loan-2", "user-2"))));

        assertThat(deadLetters.offsets).containsExactly(10L);
        assertThat(deadLetters.reasons.get(0)).isNotBlank();
        assertThat(producer.history()).anySatisfy(r -> assertThat(r.value()).contains("loan-2"));
        assertThat(committed()).containsEntry(LOANS, 12L);
    }

    @Test
    void aSendKafkaDoesNotAcknowledgeSetsItsPartitionBackAndTheNextPollRoutesItAgain() {
        producer.failOnce("loan-1", new TimeoutException("Expiring 1 record(s): 30000 ms has passed"));
        router.routeBatch(consumer, producer, batch(
                record(LOANS, 10, loanRequested("loan-1", "user-1")),
                record(LOANS, 11, loanRequested("loan-2", "user-2")),
                record(LOANS_1, 20, loanRequested("loan-3", "user-3"))));

        // the other partition is settled; this one waits at the record whose send failed
        assertThat(committed()).containsEntry(LOANS_1, 21L).doesNotContainKey(LOANS);
        assertThat(consumer.position(LOANS)).isEqualTo(10L);
        assertThat(router.call().getData()).hasValueSatisfying(data -> assertThat(data).containsKey("retrying"));

        int before = producer.history().size();
        router.routeBatch(consumer, producer, batch(
                record(LOANS, 10, loanRequested("loan-1", "user-1")),
                record(LOANS, 11, loanRequested("loan-2", "user-2"))));
        assertThat(producer.history().subList(before, producer.history().size()))
                .anySatisfy(r -> assertThat(r.value()).contains("loan-1"));
        assertThat(committed()).containsEntry(LOANS, 12L);
        assertThat(deadLetters.reasons).isEmpty();
        assertThat(router.call().getData()).satisfiesAnyOf(
                data -> assertThat(data).isEmpty(),
                data -> assertThat(data.get()).doesNotContainKey("retrying"));
    }

    @Test
    void aRecordKafkaRefusesForGoodIsDeadLetteredAndSkipped() {
        producer.failOnce("loan-1", new RecordTooLargeException("The message is 2000000 bytes"));
        router.routeBatch(consumer, producer, batch(
                record(LOANS, 10, loanRequested("loan-1", "user-1")),
                record(LOANS, 11, loanRequested("loan-2", "user-2"))));

        assertThat(deadLetters.offsets).containsExactly(10L);
        assertThat(deadLetters.reasons.get(0)).startsWith("Publishing its notifications failed permanently:")
                .contains("2000000 bytes");
        assertThat(committed()).containsEntry(LOANS, 12L);
    }

    @Test
    void aDeadLetterKafkaDoesNotAcknowledgeIsTriedAgainNotSkipped() {
        deadLetters.failing = true;
        router.routeBatch(consumer, producer, batch(
                record(LOANS, 10, "not json"),
                record(LOANS, 11, loanRequested("loan-2", "user-2"))));

        assertThat(committed()).doesNotContainKey(LOANS);
        assertThat(consumer.position(LOANS)).isEqualTo(10L);

        deadLetters.failing = false;
        router.routeBatch(consumer, producer, batch(
                record(LOANS, 10, "not json"),
                record(LOANS, 11, loanRequested("loan-2", "user-2"))));
        assertThat(deadLetters.offsets).containsExactly(10L);
        assertThat(committed()).containsEntry(LOANS, 12L);
    }

    @Test
    void theLoopSubscribesRoutesAndCommitsOnItsOwnThreadAndIsReadyOncePolling() {
        MockConsumer<String, String> subscribed = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
        subscribed.updateBeginningOffsets(Map.of(LOANS, 0L));
        subscribed.schedulePollTask(() -> {
            subscribed.rebalance(List.of(LOANS));
            subscribed.addRecord(record(LOANS, 0, loanRequested("loan-9", "user-9")));
        });
        router.start(subscribed, producer, List.of(Topics.LOAN_EVENTS), NOTIFICATIONS, Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(producer.history()).anySatisfy(r -> assertThat(r.value()).contains("loan-9"));
            assertThat(subscribed.committed(Set.of(LOANS))).containsEntry(LOANS, new OffsetAndMetadata(1));
            assertThat(router.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        });
    }

    private Map<TopicPartition, Long> committed() {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        consumer.committed(Set.of(LOANS, LOANS_1)).forEach((partition, offset) -> {
            if (offset != null) {
                offsets.put(partition, offset.offset());
            }
        });
        return offsets;
    }

    @SafeVarargs
    private static ConsumerRecords<String, String> batch(ConsumerRecord<String, String>... records) {
        Map<TopicPartition, List<ConsumerRecord<String, String>>> byPartition = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            byPartition.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), p -> new ArrayList<>())
                    .add(record);
        }
        return new ConsumerRecords<>(byPartition, Map.of());
    }

    private static ConsumerRecord<String, String> record(TopicPartition partition, long offset, String value) {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, "key-" + offset, value);
    }

    private static String loanRequested(String loanId, String borrower) {
        return EventJson.write(CloudEvent.wrap("/orbitlend/test", new LoanRequested(loanId, borrower,
                new BigDecimal("1500"), "USDC", "working capital", new Collateral("ETH", BigDecimal.ONE)),
                Instant.parse("2026-12-07T10:00:00Z")));
    }

    /** Kafka's mock producer, completing every send at once, except the next one of a record that fails. */
    private static final class FailingProducer extends MockProducer<String, String> {

        private volatile String failing;
        private volatile RuntimeException error;

        FailingProducer() {
            super(true, null, new StringSerializer(), new StringSerializer());
        }

        /** The next send whose value contains {@code text} fails with {@code failure}. */
        void failOnce(String text, RuntimeException failure) {
            error = failure;
            failing = text;
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, String> record, Callback callback) {
            if (failing != null && record.value().contains(failing)) {
                failing = null;
                return CompletableFuture.failedFuture(error);
            }
            return super.send(record, callback);
        }
    }

    /** Records the dead letters it is given; acknowledges them, or fails them as Kafka away would. */
    private static final class RecordingDeadLetters extends DeadLetters {

        final List<Long> offsets = new ArrayList<>();
        final List<String> reasons = new ArrayList<>();
        volatile boolean failing;

        @Override
        public Uni<Void> send(String consumer, String topic, int partition, long offset, String key, String value,
                String reason) {
            if (failing) {
                return Uni.createFrom().failure(new TimeoutException("dead letters: Kafka unreachable"));
            }
            offsets.add(offset);
            reasons.add(reason);
            return Uni.createFrom().voidItem();
        }
    }
}
