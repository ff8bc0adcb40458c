package com.orbitlend.gateway.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.LongConsumer;

/**
 * The sessions of one event loop, indexed by channel, touched only on that loop (no locks). The fan-out hands
 * each shard a batch of frames in one task; the shard writes every frame to every session of its channel
 * without flushing, then flushes each session it wrote to once: one syscall per connection per batch rather
 * than per frame.
 */
final class LoopShard {

    private final Executor loop;
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
