package com.orbitlend.gateway.ingest;

import com.orbitlend.gateway.delivery.LiveFrontier;
import com.orbitlend.gateway.delivery.RecentFrames;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Partition assignment of the fan-out. On first assignment a partition starts at "latest"; when it is assigned
 * again, reading resumes right after the last record this replica dispatched. Also the fan-out's readiness: a
 * replica is ready once it reads every partition of the notifications topic (count from the consumer's
 * metadata), with their start offsets resolved, so a client that connects then misses nothing published
 * afterwards.
 */
@ApplicationScoped
@Identifier("notification-fanout")
@Readiness
public class FanOutAssignment implements KafkaConsumerRebalanceListener, HealthCheck {

    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();

    @Inject
    LiveFrontier frontier;

    @Inject
    RecentFrames recent;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        recordPartitionCount(consumer, partitions);
        Map<Integer, Long> dispatched = frontier.snapshot();
        for (TopicPartition partition : partitions) {
            Long next = dispatched.get(partition.partition());
            if (next != null) {
                // Assigned again after a rebalance (a broker restart, a rejoin): this group commits nothing,
                // so the consumer would restart at "latest" and connected sessions would silently miss what
                // was published meanwhile. Carry on where this replica stopped instead.
                consumer.seek(partition, next);
                recent.startAt(partition.partition(), next);
            } else {
                long position = consumer.position(partition);
                recent.startAt(partition.partition(), position);
                frontier.started(partition.partition(), position);
            }
        }
        assigned.addAll(partitions);
    }

    /** The topic's real partition count from the consumer's metadata: a channel's partition depends on it. */
    private void recordPartitionCount(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        for (String topic : partitions.stream().map(TopicPartition::topic).distinct().toList()) {
            List<PartitionInfo> info = consumer.partitionsFor(topic);
            if (info != null && !info.isEmpty()) {
                frontier.partitions(info.size());
            }
        }
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned.removeAll(partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned.removeAll(partitions);
    }

    @Override
    public HealthCheckResponse call() {
        int partitions = frontier.partitions();
        return HealthCheckResponse.named("notification fan-out")
                .status(partitions > 0 && assigned.size() == partitions)
                .withData("assigned", assigned.size())
                .withData("partitions", partitions)
                .build();
    }
}
