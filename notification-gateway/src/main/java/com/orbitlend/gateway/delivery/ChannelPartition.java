package com.orbitlend.gateway.delivery;

import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;

/**
 * The partition of the notifications topic that holds a channel: the Kafka producer's default for a record
 * keyed by the channel (murmur2 of the UTF-8 key), which the topic's contract requires of every producer.
 */
public final class ChannelPartition {

    private ChannelPartition() {
    }

    public static int of(String channel, int partitions) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("partitions must be positive");
        }
        return Utils.toPositive(Utils.murmur2(channel.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
