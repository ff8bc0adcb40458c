package com.orbitlend.gateway.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.function.LongConsumer;

/**
 * The sessions of one event loop, indexed by channel, touched only on that loop (no locks). The fan-out hands
 * each shard a batch of frames in one task; the shard writes every frame to every session of its channel
 * without flushing, then flushes each session it wrote to once: one syscall per connection per batch rather
 * than per frame.
 * <p>
 * At most {@value #MAX_QUEUED_BATCHES} batches wait for a loop: beyond that the fan-out's thread waits for the loop
 * to catch up, so a fan-out behind its offered load stays behind in Kafka (its lag a metric) instead of in the
 * loops' task queues, where memory would grow without bound and every other task of the loop (heartbeat pings,
 * handshakes, resumes, subscriptions) would wait behind seconds of deliveries (docs/gateway-delivery.md,
 * "Back-pressure from the event loops").
 */
final class LoopShard {

    /** Batches handed to one loop and not yet written, beyond which the fan-out waits. */
    static final int MAX_QUEUED_BATCHES = 2;

    private final Executor loop;
    private final Semaphore room = new Semaphore(MAX_QUEUED_BATCHES);
    private final Map<String, List<ClientSession>> byChannel = new HashMap<>();
    private final List<ClientSession> written = new ArrayList<>();
    private final LongConsumer delivered;

    LoopShard(Executor loop, LongConsumer delivered) {
        this.loop = loop;
        this.delivered = delivered;
    }

    Executor loop() {
        return loop;
    }

    void add(String channel, ClientSession session) {
        List<ClientSession> members = byChannel.computeIfAbsent(channel, c -> new ArrayList<>(1));
        if (!members.contains(session)) {
            members.add(session);
        }
    }

    void remove(String channel, ClientSession session) {
        List<ClientSession> members = byChannel.get(channel);
        if (members != null && members.remove(session) && members.isEmpty()) {
            byChannel.remove(channel);
        }
    }

    /**
     * Hands a batch to the loop, on the fan-out's thread: first waits while {@value #MAX_QUEUED_BATCHES} batches
     * are still queued for it. Interrupted (the replica is stopping), it hands nothing and keeps the thread's
     * interrupt status.
     */
    void handOver(List<OutboundFrame> frames) {
        try {
            room.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            loop.execute(() -> {
                try {
                    deliver(frames);
                } finally {
                    room.release();
                }
            });
        } catch (RuntimeException e) {
            // the loop takes no more tasks (it is shutting down)
            room.release();
            throw e;
        }
    }

    /** Batches handed to the loop and not yet written. Any thread. */
    int queuedBatches() {
        return MAX_QUEUED_BATCHES - room.availablePermits();
    }

    /** Writes a batch of event frames (in partition-offset order per channel) to this loop's sessions. */
    void deliver(List<OutboundFrame> frames) {
        long count = 0;
        for (OutboundFrame frame : frames) {
            List<ClientSession> members = byChannel.get(frame.channel());
            if (members == null) {
                continue;
            }
            // a session closed by an overflow here leaves the index only when its close completes, later
            for (int i = 0, n = members.size(); i < n; i++) {
                ClientSession session = members.get(i);
                boolean before = session.unflushed();
                if (session.deliver(frame)) {
                    count++;
                }
                if (!before && session.unflushed()) {
                    written.add(session);
                }
            }
        }
        for (ClientSession session : written) {
            session.flush();
        }
        written.clear();
        delivered.accept(count);
    }

    int channels() {
        return byChannel.size();
    }
}
