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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Readiness of the fan-out: a replica is ready once it reads the notifications partitions, with their
 * "latest" start offsets resolved, so a client that connects then misses nothing published afterwards.
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
        partitions.forEach(partition -> frontier.started(partition.partition(), consumer.position(partition)));
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
