package com.orbitlend.gateway.ingest;

import com.orbitlend.gateway.delivery.LiveFrontier;
import com.orbitlend.gateway.delivery.RecentFrames;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FanOutAssignmentTest {

    private static final TopicPartition P0 = new TopicPartition("orbitlend.notifications", 0);
    private static final TopicPartition P1 = new TopicPartition("orbitlend.notifications", 1);

    private final MockConsumer<String, String> consumer = new MockConsumer<>(AutoOffsetResetStrategy.LATEST.name());
    private final FanOutAssignment assignment = new FanOutAssignment();

    @BeforeEach
    void setUp() {
        assignment.frontier = new LiveFrontier();
        assignment.recent = RecentFrames.withBudget(1 << 20);
        consumer.updatePartitions("orbitlend.notifications", List.of(info(0), info(1)));
        consumer.assign(List.of(P0, P1));
        consumer.updateEndOffsets(Map.of(P0, 40L, P1, 7L));
    }

    @Test
    void firstAssignmentStartsAtTheEndAndIsReady() {
        assertThat(assignment.call().getStatus().name()).isEqualTo("DOWN");

        assignment.onPartitionsAssigned(consumer, List.of(P0, P1));

        assertThat(assignment.frontier.snapshot()).isEqualTo(Map.of(0, 40L, 1, 7L));
        assertThat(assignment.call().getStatus().name()).isEqualTo("UP");
    }

    @Test
    void readyOnlyOnceEveryPartitionOfTheTopicIsAssignedWithTheTopicsRealCount() {
        consumer.updatePartitions("orbitlend.notifications", List.of(info(0), info(1), info(2)));

        assignment.onPartitionsAssigned(consumer, List.of(P0, P1));

        assertThat(assignment.frontier.partitions()).isEqualTo(3);
        assertThat(assignment.call().getStatus().name()).isEqualTo("DOWN");
        // a channel's partition follows the topic's count, not the number of partitions read so far
        String channel = "user:alice";
        int partition = com.orbitlend.gateway.delivery.ChannelPartition.of(channel, 3);
        assertThat(assignment.frontier.startOf(List.of(channel)).keySet())
                .isEqualTo(partition == 2 ? java.util.Set.of() : java.util.Set.of(channel));
        TopicPartition p2 = new TopicPartition("orbitlend.notifications", 2);
        consumer.assign(List.of(P0, P1, p2));
        consumer.updateEndOffsets(Map.of(p2, 3L));

        assignment.onPartitionsAssigned(consumer, List.of(p2));

        assertThat(assignment.call().getStatus().name()).isEqualTo("UP");
        assertThat(assignment.frontier.startOf(List.of(channel)).get(channel).partition()).isEqualTo(partition);
    }

    private static PartitionInfo info(int partition) {
        return new PartitionInfo("orbitlend.notifications", partition, null, null, null);
    }

    @Test
    void reassignmentContinuesAfterTheLastDispatchedRecordInsteadOfSkippingToTheEnd() {
        assignment.onPartitionsAssigned(consumer, List.of(P0, P1));
        // records 40 and 41 went out to the sessions (as SessionRegistry.dispatch does it)
        assignment.recent.append(List.of(), Map.of(0, 42L));
        assignment.frontier.advance(Map.of(0, 42L));
        assignment.onPartitionsRevoked(consumer, List.of(P0, P1));
        consumer.updateEndOffsets(Map.of(P0, 55L, P1, 9L));   // published while the group rebalanced

        assignment.onPartitionsAssigned(consumer, List.of(P0, P1));

        assertThat(consumer.position(P0)).isEqualTo(42L);
        assertThat(consumer.position(P1)).isEqualTo(7L);
        // the resume window carries on too: it still covers what this replica dispatched before the rebalance
        assertThat(assignment.recent.coveredFrom()).isEqualTo(Map.of(0, 40L, 1, 7L));
    }
}
