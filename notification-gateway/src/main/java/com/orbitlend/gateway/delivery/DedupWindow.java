package com.orbitlend.gateway.delivery;

import java.util.LinkedHashSet;
import java.util.Iterator;

/** The last {@code capacity} notification ids seen in one channel; not thread-safe. */
final class DedupWindow {

    private final int capacity;
    private final LinkedHashSet<String> ids = new LinkedHashSet<>();

    DedupWindow(int capacity) {
        this.capacity = Math.max(1, capacity);
    }

    /** Records the id; false if it is already in the window (a duplicate). */
    boolean firstSeen(String id) {
        if (!ids.add(id)) {
            return false;
        }
        if (ids.size() > capacity) {
            Iterator<String> oldest = ids.iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }
}
