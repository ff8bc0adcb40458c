package com.orbitlend.gateway.ingest;

import com.orbitlend.gateway.delivery.LiveFrontier;
import com.orbitlend.gateway.delivery.RecentFrames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which partitions of the notifications topic the fan-out reads, and from where. The fan-out assigns itself every
 * partition (no consumer group, so no rebalance ever moves or pauses one): the partitions found at start are read
 * from their end (a replica delivers live; older records come from resumes), a partition added to the topic later
 * is read from its beginning (everything in it is new to this replica). Each partition's start is recorded in the
 * live frontier and the resume window. Only the fan-out's thread calls {@link #update}; the other methods are safe
 * from any thread.
 */
@ApplicationScoped
public class FanOutAssignment {

    @Inject
    LiveFrontier frontier;

    @Inject
    RecentFrames recent;

    private volatile Set<TopicPartition> assigned = Set.of();

    /**
     * Compares the topic's partitions (from the consumer's metadata) with those read, and assigns the consumer any
     * new one. Returns whether the assignment changed. Throws what the consumer throws (for example a timeout while
     * the broker is away); the consumer is then back to the partitions it read before, nothing is recorded, and the
     * next call starts over.
     */
    public boolean update(Consumer<?, ?> consumer, String topic, Duration timeout) {
        List<PartitionInfo> info = consumer.partitionsFor(topic, timeout);
        if (info == null || info.isEmpty()) {
            return false;
        }
        Set<TopicPartition> all = new HashSet<>();
        info.forEach(p -> all.add(new TopicPartition(topic, p.partition())));
        Set<TopicPartition> added = new HashSet<>(all);
        added.removeAll(assigned);
        if (added.isEmpty()) {
            return false;
        }
        boolean first = assigned.isEmpty();
        consumer.assign(all);
        Map<TopicPartition, Long> positions = new HashMap<>();
        try {
            if (first) {
                consumer.seekToEnd(added);
            } else {
                consumer.seekToBeginning(added);
            }
            for (TopicPartition partition : added) {
                positions.put(partition, consumer.position(partition, timeout));
            }
        } catch (RuntimeException e) {
            // back to the partitions already read (their positions stay): a new one must not be read before its
            // start is recorded, or the next attempt would read it again from its beginning
            consumer.assign(assigned);
            throw e;
        }
        positions.forEach((partition, position) -> {
            recent.startAt(partition.partition(), position);
            frontier.started(partition.partition(), position);
        });
        // the count last: a channel maps to a partition through it, and every partition it names has a start now
        frontier.partitions(all.size());
        assigned = Set.copyOf(all);
        return true;
    }

    /** The partitions read now. */
    public Set<TopicPartition> assigned() {
        return assigned;
    }

    /** The topic's partition count as last read; 0 before the first assignment. */
    public int partitions() {
        return frontier.partitions();
    }

    /** Every partition of the topic (as last read) is read, from a known offset. */
    public boolean complete() {
        int partitions = frontier.partitions();
        return partitions > 0 && assigned.size() == partitions;
    }
}
