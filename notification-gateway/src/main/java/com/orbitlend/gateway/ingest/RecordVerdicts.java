package com.orbitlend.gateway.ingest;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fan-out's verdicts ({@link NotificationRecords#check}: the checked notification, or the
 * {@link com.orbitlend.events.InvalidEventException} with its reason) on the records it has just read, for the
 * archiver of the same replica. Both consumers read every record of the partitions this replica archives and the
 * check depends on the record only, so the archiver takes the fan-out's verdict instead of parsing, validating and
 * writing the record a second time (the check is most of the archiver's CPU). A bounded window per partition: in
 * the steady state the archiver reads a fetch behind the fan-out; a miss (an archiver catching up from further
 * back, a record the fan-out has not read yet, a partition another replica archives and whose entries age out) is
 * checked again. A verdict is used only for the identical record value. Any thread.
 */
@ApplicationScoped
public class RecordVerdicts {

    /** Verdicts kept per partition (each holds the notification and its JSON: a few KB). */
    static final int PER_PARTITION = 2048;

    private record Entry(String value, Object verdict) {
    }

    private final Map<Integer, Window> windows = new ConcurrentHashMap<>();

    /** The fan-out's verdict on the record at {@code partition}/{@code offset}. */
    void put(int partition, long offset, String value, Object verdict) {
        Window window = windows.computeIfAbsent(partition, p -> new Window());
        synchronized (window) {
            window.put(offset, new Entry(value, verdict));
        }
    }

    /**
     * The fan-out's verdict on this record, or null if it has none (then the caller checks the record itself).
     * The entry is removed: the archiver takes each record once.
     */
    Object take(int partition, long offset, String value) {
        Window window = windows.get(partition);
        if (window == null) {
            return null;
        }
        Entry entry;
        synchronized (window) {
            entry = window.remove(offset);
        }
        return entry != null && value != null && value.equals(entry.value()) ? entry.verdict() : null;
    }

    /** Oldest offsets leave first. */
    private static final class Window extends LinkedHashMap<Long, Entry> {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Entry> eldest) {
            return size() > PER_PARTITION;
        }
    }
}
