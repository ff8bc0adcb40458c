package com.orbitlend.gateway.delivery;

import com.orbitlend.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The event frames this replica's fan-out dispatched lately, per partition of the notifications topic, in offset
 * order and bounded in (estimated) bytes: the shared catch-up source of resumes (docs/gateway-delivery.md,
 * "Resume"). Every replica reads every partition from the moment it starts, so the gap of a client whose replica
 * died a moment ago lies in the survivor's memory: it is replayed at once, with the frames the live sessions got,
 * without waiting for the archive to take over the dead replica's partitions and without a database read. Gaps
 * older than the window (or from before this replica started) are read from the archive.
 * <p>
 * Per partition the window covers the offsets {@code [from, next)}: every record the fan-out dispatched in that
 * range is in it (records it skipped as invalid or repeated are covered but absent, exactly as for the live
 * sessions). The fan-out appends a batch before it moves the {@link LiveFrontier}, so a frontier snapshot never
 * reaches past what the window holds (or evicted, which a read detects). Appends come from the fan-out's thread,
 * reads from any thread; each partition has its own lock, held for a binary search and a scan of the gap.
 */
@ApplicationScoped
public class RecentFrames {

    /** Estimated bytes of an entry beyond its frame's bytes (wire copy, notification tree, objects). */
    static final int ENTRY_OVERHEAD = 1024;

    private final Map<Integer, Window> windows = new ConcurrentHashMap<>();

    @Inject
    GatewayConfig config;

    @Inject
    LiveFrontier frontier;

    /** Bytes per partition when set outside CDI (tests); else the configured total over the partitions. */
    private long fixedBudget = -1;

    /** A window of {@code budgetPerPartition} bytes per partition, outside CDI (tests). */
    public static RecentFrames withBudget(long budgetPerPartition) {
        RecentFrames recent = new RecentFrames();
        recent.fixedBudget = budgetPerPartition;
        return recent;
    }

    /**
     * The fan-out (re)starts reading {@code partition} at {@code position}; unless that continues the window, the
     * window restarts empty there (what came before is unknown to this replica).
     */
    public void startAt(int partition, long position) {
        Window window = windows.computeIfAbsent(partition, p -> new Window(position));
        synchronized (window) {
            if (window.next != position) {
                window.clear(position);
            }
        }
    }

    /**
     * Appends the frames of a dispatched batch (event frames, in offset order per partition) and moves each
     * partition's coverage to {@code next} (the offset after the last record taken, skipped ones included).
     * On the fan-out's thread, before the frontier moves.
     */
    public void append(List<OutboundFrame> frames, Map<Integer, Long> next) {
        long budget = budgetPerPartition();
        for (OutboundFrame frame : frames) {
            Position position = frame.position();
            Window window = windows.computeIfAbsent(position.partition(), p -> new Window(position.offset()));
            synchronized (window) {
                window.add(frame, budget);
            }
        }
        next.forEach((partition, offset) -> {
            Window window = windows.computeIfAbsent(partition, p -> new Window(offset));
            synchronized (window) {
                window.next = Math.max(window.next, offset);
            }
        });
    }

    /**
     * The frames of each channel of {@code after} strictly after its position and below {@code upTo} of its
     * partition, channel after channel (each in offset order), at most {@code limit} of them; empty if a
     * partition's window does not cover that range (it starts later, or was evicted past the position). A
     * result of exactly {@code limit} frames may have been cut short.
     */
    public Optional<List<OutboundFrame>> between(Map<String, Position> after, Map<Integer, Long> upTo, int limit) {
        List<OutboundFrame> frames = new ArrayList<>();
        for (Map.Entry<String, Position> entry : after.entrySet()) {
            Position position = entry.getValue();
            long end = upTo.getOrDefault(position.partition(), Long.MIN_VALUE);
            if (position.offset() + 1 >= end) {
                continue; // nothing published on the partition after the position before the live stream starts
            }
            Window window = windows.get(position.partition());
            if (window == null) {
                return Optional.empty();
            }
            synchronized (window) {
                if (window.from > position.offset() + 1 || window.next < end) {
                    return Optional.empty();
                }
                if (!window.collect(entry.getKey(), position.offset(), end, frames, limit)) {
                    return Optional.of(frames);
                }
            }
        }
        return Optional.of(frames);
    }

    /** Drops every frame: each window covers only what the fan-out takes from now on (tests). */
    void forget() {
        windows.values().forEach(window -> {
            synchronized (window) {
                window.clear(window.next);
            }
        });
    }

    /** Frames held, all partitions (a gauge). */
    public long size() {
        return sum(window -> window.size);
    }

    /** Estimated bytes held, all partitions (a gauge). */
    public long bytes() {
        return sum(window -> window.bytes);
    }

    private long sum(java.util.function.ToLongFunction<Window> of) {
        long sum = 0;
        for (Window window : windows.values()) {
            synchronized (window) {
                sum += of.applyAsLong(window);
            }
        }
        return sum;
    }

    /** Each partition's first offset still covered. */
    public Map<Integer, Long> coveredFrom() {
        Map<Integer, Long> from = new java.util.TreeMap<>();
        windows.forEach((partition, window) -> {
            synchronized (window) {
                from.put(partition, window.from);
            }
        });
        return from;
    }

    private long budgetPerPartition() {
        if (fixedBudget >= 0) {
            return fixedBudget;
        }
        return config.delivery().replayWindowBytes() / Math.max(1, frontier.partitions());
    }

    static long cost(OutboundFrame frame) {
        return 2L * frame.size() + ENTRY_OVERHEAD;
    }

    /** One partition's frames in offset order, in a power-of-two circular array. Guarded by itself. */
    private static final class Window {
        private OutboundFrame[] items = new OutboundFrame[64];
        private int head;
        private int size;
        private long bytes;
        /** Offsets below: unknown here (never read, or evicted). */
        private long from;
        /** Offsets at or above: not taken yet. */
        private long next;

        Window(long start) {
            from = start;
            next = start;
        }

        void clear(long start) {
            java.util.Arrays.fill(items, null);
            items = new OutboundFrame[64];
            head = 0;
            size = 0;
            bytes = 0;
            from = start;
            next = start;
        }

        void add(OutboundFrame frame, long budget) {
            long offset = frame.position().offset();
            if (offset < next) {
                return; // taken already (a batch redelivered after a seek back)
            }
            if (size == items.length) {
                grow();
            }
            items[(head + size) & (items.length - 1)] = frame;
            size++;
            bytes += cost(frame);
            next = offset + 1;
            while (bytes > budget && size > 0) {
                OutboundFrame oldest = items[head];
                items[head] = null;
                head = (head + 1) & (items.length - 1);
                size--;
                bytes -= cost(oldest);
                from = oldest.position().offset() + 1;
            }
        }

        private void grow() {
            OutboundFrame[] bigger = new OutboundFrame[items.length * 2];
            for (int i = 0; i < size; i++) {
                bigger[i] = items[(head + i) & (items.length - 1)];
            }
            items = bigger;
            head = 0;
        }

        private OutboundFrame get(int i) {
            return items[(head + i) & (items.length - 1)];
        }

        /**
         * Adds the frames of {@code channel} with offsets in {@code (after, end)} to {@code into} until it holds
         * {@code limit}; false if it stopped at the limit.
         */
        boolean collect(String channel, long after, long end, List<OutboundFrame> into, int limit) {
            int lo = 0;
            int hi = size;
            while (lo < hi) { // first frame with an offset above `after`
                int mid = (lo + hi) >>> 1;
                if (get(mid).position().offset() <= after) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            for (int i = lo; i < size; i++) {
                OutboundFrame frame = get(i);
                if (frame.position().offset() >= end) {
                    break;
                }
                if (channel.equals(frame.channel())) {
                    if (into.size() >= limit) {
                        return false;
                    }
                    into.add(frame);
                }
            }
            return true;
        }
    }
}
