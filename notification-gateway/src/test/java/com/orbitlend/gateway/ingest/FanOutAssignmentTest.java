package com.orbitlend.gateway.ingest;

import com.orbitlend.gateway.delivery.ChannelPartition;
import com.orbitlend.gateway.delivery.LiveFrontier;
import com.orbitlend.gateway.delivery.RecentFrames;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FanOutAssignmentTest {

    private static final String TOPIC = "orbitlend.notifications";
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final TopicPartition P2 = new TopicPartition(TOPIC, 2);

    private final MockConsumer<String, String> consumer = new MockConsumer<>(AutoOffsetResetStrategy.LATEST.name());
    private final FanOutAssignment assignment = new FanOutAssignment();

    @BeforeEach
    void setUp() {
        assignment.frontier = new LiveFrontier();
        assignment.recent = RecentFrames.withBudget(1 << 20);
        consumer.updatePartitions(TOPIC, List.of(info(0), info(1)));
        consumer.updateBeginningOffsets(Map.of(P0, 3L, P1, 0L, P2, 0L));
        consumer.updateEndOffsets(Map.of(P0, 40L, P1, 7L));
    }

    @Test
    void atStartEveryPartitionIsReadFromItsEnd() {
        assertThat(assignment.complete()).isFalse();

        assertThat(assignment.update(consumer, TOPIC, TIMEOUT)).isTrue();

        assertThat(consumer.assignment()).isEqualTo(Set.of(P0, P1));
        assertThat(consumer.position(P0)).isEqualTo(40L);
        assertThat(consumer.position(P1)).isEqualTo(7L);
        assertThat(assignment.frontier.snapshot()).isEqualTo(Map.of(0, 40L, 1, 7L));
        assertThat(assignment.recent.coveredFrom()).isEqualTo(Map.of(0, 40L, 1, 7L));
        assertThat(assignment.partitions()).isEqualTo(2);
        assertThat(assignment.complete()).isTrue();
    }

    @Test
    void nothingChangesWhileTheTopicKeepsItsPartitions() {
        assignment.update(consumer, TOPIC, TIMEOUT);
        consumer.seek(P0, 45L);   // the fan-out read on

        assertThat(assignment.update(consumer, TOPIC, TIMEOUT)).isFalse();

        assertThat(consumer.position(P0)).isEqualTo(45L);
        assertThat(assignment.frontier.snapshot()).isEqualTo(Map.of(0, 40L, 1, 7L));
    }

    @Test
    void aPartitionAddedLaterIsReadFromItsBeginningAndTheCountFollowsTheTopic() {
        assignment.update(consumer, TOPIC, TIMEOUT);
        consumer.seek(P0, 45L);
        String channel = channelOn(2, 3);
        consumer.updatePartitions(TOPIC, List.of(info(0), info(1), info(2)));
        consumer.updateEndOffsets(Map.of(P2, 5L));

        assertThat(assignment.update(consumer, TOPIC, TIMEOUT)).isTrue();

        // everything in a new partition was published after this replica started: none of it is skipped
        assertThat(consumer.position(P2)).isZero();
        assertThat(consumer.position(P0)).isEqualTo(45L);
        assertThat(assignment.partitions()).isEqualTo(3);
        assertThat(assignment.complete()).isTrue();
        assertThat(assignment.frontier.startOf(List.of(channel)).get(channel).partition()).isEqualTo(2);
    }

    @Test
    void aNewPartitionWhosePositionTimesOutIsLeftOutUntilTheNextCallAndTheOthersKeepTheirPositions() {
        TimingOutConsumer consumer = new TimingOutConsumer();
        consumer.updatePartitions(TOPIC, List.of(info(0), info(1)));
        consumer.updateBeginningOffsets(Map.of(P0, 3L, P1, 0L, P2, 0L));
        consumer.updateEndOffsets(Map.of(P0, 40L, P1, 7L));
        assignment.update(consumer, TOPIC, TIMEOUT);
        consumer.seek(P0, 45L);
        consumer.updatePartitions(TOPIC, List.of(info(0), info(1), info(2)));
        consumer.updateEndOffsets(Map.of(P2, 5L));
        consumer.timeOut = true;   // the broker went away between the metadata and the position

        assertThatThrownBy(() -> assignment.update(consumer, TOPIC, TIMEOUT)).isInstanceOf(TimeoutException.class);

        assertThat(consumer.assignment()).isEqualTo(Set.of(P0, P1));
        assertThat(consumer.position(P0)).isEqualTo(45L);
        assertThat(assignment.assigned()).isEqualTo(Set.of(P0, P1));
        assertThat(assignment.partitions()).isEqualTo(2);
        assertThat(assignment.frontier.snapshot()).doesNotContainKey(2);

        consumer.timeOut = false;
        assertThat(assignment.update(consumer, TOPIC, TIMEOUT)).isTrue();

        assertThat(consumer.assignment()).isEqualTo(Set.of(P0, P1, P2));
        assertThat(consumer.position(P2)).isZero();
        assertThat(consumer.position(P0)).isEqualTo(45L);
        assertThat(assignment.partitions()).isEqualTo(3);
    }

    @Test
    void aTopicWithoutMetadataYetAssignsNothingAndIsNotComplete() {
        consumer.updatePartitions("other", List.of(new PartitionInfo("other", 0, null, null, null)));
        MockConsumer<String, String> empty = new MockConsumer<>(AutoOffsetResetStrategy.LATEST.name());

        assertThat(assignment.update(empty, TOPIC, TIMEOUT)).isFalse();

        assertThat(empty.assignment()).isEmpty();
        assertThat(assignment.assigned()).isEmpty();
        assertThat(assignment.complete()).isFalse();
    }

    private static String channelOn(int partition, int count) {
        for (int i = 0; ; i++) {
            String channel = "user:u" + i;
            if (ChannelPartition.of(channel, count) == partition) {
                return channel;
            }
        }
    }

    private static PartitionInfo info(int partition) {
        return new PartitionInfo(TOPIC, partition, null, null, null);
    }

    /** Kafka's mock consumer, whose {@code position} times out while {@code timeOut} is set. */
    private static final class TimingOutConsumer extends MockConsumer<String, String> {

        volatile boolean timeOut;

        TimingOutConsumer() {
            super(AutoOffsetResetStrategy.LATEST.name());
        }

        @Override
        public synchronized long position(TopicPartition partition, Duration timeout) {
            if (timeOut) {
                throw new TimeoutException("Timeout of " + timeout.toMillis() + "ms expired before the position could be determined");
            }
            return super.position(partition, timeout);
        }
    }
}
