package com.orbitlend.gateway.delivery;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ChannelPartitionTest {

    @Test
    void matchesTheKafkaProducersPartitionOfTheKey() {
        for (String channel : new String[] {"public:marketplace", "role:admin", "user:alice", "user:ünïcode"}) {
            for (int partitions : new int[] {1, 3, 12}) {
                assertThat(ChannelPartition.of(channel, partitions)).as(channel + "/" + partitions).isEqualTo(
                        BuiltInPartitioner.partitionForKey(channel.getBytes(StandardCharsets.UTF_8), partitions));
            }
        }
    }
}
