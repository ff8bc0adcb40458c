package com.orbitlend.gateway.delivery;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per partition of the notifications topic, the first offset this replica's fan-out has not dispatched yet,
 * and the topic's partition count (from the fan-out's metadata, never inferred from the entries). A session
 * registered before a snapshot receives, live, every record at or after the snapshot's offsets; everything
 * below must come from the archive.
 */
@ApplicationScoped
public class LiveFrontier {

    private final Map<Integer, Long> next = new ConcurrentHashMap<>();
    private volatile int partitions;

    /** The notifications topic has {@code count} partitions (a channel's partition depends on it). */
    public void partitions(int count) {
        partitions = count;
    }

    /** The partition count of the notifications topic; 0 while unknown. */
    public int partitions() {
        return partitions;
    }

    /**
     * The fan-out has had its first assignment: every partition has a start, so a session opened now can be told
     * where its live stream begins. False right after the replica starts.
     */
    public boolean reading() {
        return partitions > 0;
    }

    /** The fan-out starts reading {@code partition} at {@code position}. */
    public void started(int partition, long position) {
        next.merge(partition, position, Math::max);
    }

    /**
     * A batch taken by the fan-out is about to be handed to the sessions (and is in {@link RecentFrames}), so
     * that a snapshot taken later covers it: each partition's next offset moves to the given one (the record
     * after the batch's last, skipped ones included).
     */
    public void advance(Map<Integer, Long> nextOffsets) {
        nextOffsets.forEach((partition, offset) -> next.merge(partition, offset, Math::max));
    }

    public Map<Integer, Long> snapshot() {
        return Map.copyOf(next);
    }

    /**
     * Where each channel's live stream stands now: (its partition, next offset - 1). For a session registered
     * before the call, every later record of the channel reaches it live. Channels whose partition this
     * replica does not read yet are absent.
     */
    public Map<String, Position> startOf(Collection<String> channels) {
        int count = partitions;
        Map<String, Position> start = new LinkedHashMap<>();
        if (count <= 0) {
            return start;
        }
        for (String channel : channels) {
            int partition = ChannelPartition.of(channel, count);
            Long first = next.get(partition);
            if (first != null) {
                start.put(channel, new Position(partition, first - 1));
            }
        }
        return start;
    }
}
