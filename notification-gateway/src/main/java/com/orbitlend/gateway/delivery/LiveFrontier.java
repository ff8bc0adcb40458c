package com.orbitlend.gateway.delivery;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per partition of the notifications topic, the first offset this replica's fan-out has not dispatched yet.
 * A session registered before a snapshot receives, live, every record at or after the snapshot's offsets;
 * everything below must come from the archive.
 */
@ApplicationScoped
public class LiveFrontier {

    private final Map<Integer, Long> next = new ConcurrentHashMap<>();

    /** The fan-out starts reading {@code partition} at {@code position}. */
    public void started(int partition, long position) {
        next.merge(partition, position, Math::max);
    }

    /** Called before a record is handed to the sessions, so that a snapshot taken later covers it. */
    public void dispatching(int partition, long offset) {
        next.merge(partition, offset + 1, Math::max);
    }

    public Map<Integer, Long> snapshot() {
        return Map.copyOf(next);
    }
}
