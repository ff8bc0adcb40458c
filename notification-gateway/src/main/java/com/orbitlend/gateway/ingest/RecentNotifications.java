package com.orbitlend.gateway.ingest;

import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * The last {@code capacity} (channel, notification id) pairs of one partition, to drop a notification a producer
 * published twice (at-least-once) before any session sees it; checked once per record, not once per session.
 * Not thread-safe.
 */
final class RecentNotifications {

    private final int capacity;
    private final LinkedHashSet<String> keys = new LinkedHashSet<>();

    RecentNotifications(int capacity) {
        this.capacity = Math.max(1, capacity);
    }

    /** Records the pair; false if it is already in the window (a duplicate). */
    boolean firstSeen(String channel, String id) {
        if (!keys.add(channel + '\n' + id)) {
            return false;
        }
        if (keys.size() > capacity) {
            Iterator<String> oldest = keys.iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }
}
