package com.orbitlend.gateway.ingest;

import com.orbitlend.gateway.delivery.LiveFrontier;
import com.orbitlend.gateway.delivery.RecentFrames;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The fan-out loop's readiness, driven by Kafka's {@link MockConsumer} whose polls fail on demand. */
class FanOutReaderTest {

    private static final String TOPIC = "orbitlend.notifications";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

    private final FailingConsumer consumer = new FailingConsumer();
    private final FanOutReader reader = new FanOutReader();

    @BeforeEach
    void setUp() {
        FanOutAssignment assignment = new FanOutAssignment();
        assignment.frontier = new LiveFrontier();
        assignment.recent = RecentFrames.withBudget(1 << 20);
        reader.assignment = assignment;
        consumer.updatePartitions(TOPIC, List.of(info(0), info(1)));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.updateEndOffsets(Map.of(P0, 12L, P1, 5L));
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        reader.stop();
    }

    @Test
    void downUntilTheFirstPollThenUpWithEveryPartitionAssigned() {
        assertThat(reader.call().getStatus()).isEqualTo(Status.DOWN);

        reader.start(consumer, TOPIC, Duration.ofMinutes(1));

        await().atMost(Duration.ofSeconds(10)).until(() -> reader.call().getStatus() == Status.UP);
        assertThat(consumer.assignment()).isEqualTo(Set.of(P0, P1));
        assertThat(reader.call().getData()).get().satisfies(data -> {
            assertThat(data).containsEntry("assigned", 2L).containsEntry("partitions", 2L);
            assertThat(data).doesNotContainKey("error");
        });
    }

    @Test
    void aRunOfFailedPollsTurnsReadinessDownWithTheErrorAndAGoodPollTurnsItBackUp() {
        reader.start(consumer, TOPIC, Duration.ofMinutes(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> reader.call().getStatus() == Status.UP);

        consumer.failures.set(Integer.MAX_VALUE);   // for example an ACL that no longer lets the gateway read

        await().atMost(Duration.ofSeconds(10)).until(() -> reader.call().getStatus() == Status.DOWN);
        HealthCheckResponse down = reader.call();
        assertThat(down.getData()).get().satisfies(data -> {
            assertThat((String) data.get("error")).contains("TopicAuthorizationException");
            assertThat((Long) data.get("failing")).isGreaterThanOrEqualTo(FanOutReader.FAILURES_BEFORE_DOWN);
        });

        consumer.failures.set(0);

        await().atMost(Duration.ofSeconds(15)).until(() -> reader.call().getStatus() == Status.UP);
        assertThat(reader.call().getData()).get().satisfies(data -> assertThat(data).doesNotContainKey("error"));
    }

    @Test
    void fewerFailedPollsInARowThanTheLimitLeaveReadinessUp() {
        reader.start(consumer, TOPIC, Duration.ofMinutes(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> reader.call().getStatus() == Status.UP);

        consumer.failures.set(FanOutReader.FAILURES_BEFORE_DOWN - 1);

        // the failures and their backoff (0.2 s + 0.4 s) pass inside this window; readiness holds throughout
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .until(() -> reader.call().getStatus() == Status.UP);
        assertThat(consumer.failures.get()).isZero();
    }

    @Test
    void downOnceStopped() throws InterruptedException {
        reader.start(consumer, TOPIC, Duration.ofMinutes(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> reader.call().getStatus() == Status.UP);

        reader.stop();

        assertThat(reader.call().getStatus()).isEqualTo(Status.DOWN);
        assertThat(consumer.closed()).isTrue();
    }

    private static PartitionInfo info(int partition) {
        return new PartitionInfo(TOPIC, partition, null, null, null);
    }

    /** Kafka's mock consumer, whose next {@code failures} polls throw an authorization error. */
    private static final class FailingConsumer extends MockConsumer<String, String> {

        final AtomicInteger failures = new AtomicInteger();

        FailingConsumer() {
            super(AutoOffsetResetStrategy.LATEST.name());
        }

        @Override
        public ConsumerRecords<String, String> poll(Duration timeout) {
            try {
                Thread.sleep(2);   // a real poll waits for the broker; keep the loop from spinning
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failures.getAndUpdate(left -> left > 0 ? left - 1 : 0) > 0) {
                throw new TopicAuthorizationException(Set.of(TOPIC));
            }
            return super.poll(timeout);
        }
    }
}
