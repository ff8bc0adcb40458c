package com.orbitlend.gateway.ingest;

import com.orbitlend.gateway.delivery.LiveFrontier;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Partition assignment of the fan-out. On first assignment a partition starts at "latest"; when it is assigned
 * again, reading resumes right after the last record this replica dispatched. Also the fan-out's readiness: a
 * replica is ready once it reads the notifications partitions, with their start offsets resolved, so a client
 * that connects then misses nothing published afterwards.
 */
@ApplicationScoped
@Identifier("notification-fanout")
@Readiness
public class FanOutAssignment implements KafkaConsumerRebalanceListener, HealthCheck {

    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();

    @Inject
    LiveFrontier frontier;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<Integer, Long> dispatched = frontier.snapshot();
        for (TopicPartition partition : partitions) {
            Long next = dispatched.get(partition.partition());
            if (next != null) {
                // Assigned again after a rebalance (a broker restart, a rejoin): this group commits nothing,
                // so the consumer would restart at "latest" and connected sessions would silently miss what
                // was published meanwhile. Carry on where this replica stopped instead.
                consumer.seek(partition, next);
            } else {
                frontier.started(partition.partition(), consumer.position(partition));
            }
        }
        assigned.addAll(partitions);
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
        return HealthCheckResponse.named("notification fan-out")
                .status(!assigned.isEmpty())
                .withData("partitions", assigned.size())
                .build();
    }
}
