package com.orbitlend.gateway.delivery;

import com.orbitlend.gateway.metrics.GatewayMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The sessions connected to this replica (other replicas serve their own), sharded by event loop: a session's
 * channel memberships live in the {@link LoopShard} of its connection's loop and change only on that loop.
 * {@link #dispatch} encodes each record once and hands the same frames to every shard.
 */
@ApplicationScoped
public class SessionRegistry {

    private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();
    private final Map<Executor, LoopShard> shards = new ConcurrentHashMap<>();

    @Inject
    EventFrameEncoder encoder;

    @Inject
    LiveFrontier frontier;

    @Inject
    RecentFrames recent;

    /** Null outside CDI (unit tests). */
    @Inject
    GatewayMetrics metrics;

    /** Registers the session for its channels. On the session's loop. */
    public void register(ClientSession session) {
        sessions.put(session.id(), session);
        LoopShard shard = shardOf(session);
        for (String channel : session.channels()) {
            shard.add(channel, session);
        }
    }

    /** Adds a channel to a registered session, live after {@code start}. On the session's loop. */
    public void join(ClientSession session, String channel, Position start) {
        if (session.isClosed() || sessions.get(session.id()) != session) {
            return;
        }
        session.join(channel, start);
        shardOf(session).add(channel, session);
    }

    /** Removes a channel from a session. On the session's loop. */
    public void leave(ClientSession session, String channel) {
        session.leave(channel);
        shardOf(session).remove(channel, session);
    }

    /** The connection closed: forgets the session, which it returns (null if unknown). Any thread. */
    public ClientSession unregister(String sessionId) {
        ClientSession session = sessions.remove(sessionId);
        if (session == null) {
            return null;
        }
        session.execute(() -> {
            session.closed();
            LoopShard shard = shardOf(session);
            for (String channel : session.channels()) {
                shard.remove(channel, session);
            }
        });
        return session;
    }

    /**
     * Hands a batch of records of the notifications topic (in offset order per partition) to every local
     * session of their channels: each record is encoded once and kept in {@link RecentFrames}, the frontier
     * moves to {@code nextOffsets} (per partition, the offset after the last record taken, skipped ones
     * included), then one task per event loop writes the frames. On the fan-out's thread, which waits here while
     * a loop still has {@value LoopShard#MAX_QUEUED_BATCHES} batches to write.
     */
    public void dispatch(List<Delivered> batch, Map<Integer, Long> nextOffsets) {
        List<OutboundFrame> frames = batch.isEmpty() ? List.of() : encoder.encodeLive(batch, after(nextOffsets));
        // the window first: a frontier snapshot must never reach past what a resume can find in it
        recent.append(frames, nextOffsets);
        frontier.advance(nextOffsets);
        if (frames.isEmpty() || shards.isEmpty()) {
            return;
        }
        for (LoopShard shard : shards.values()) {
            shard.handOver(frames);
        }
    }

    /** The frontier once {@code nextOffsets} are taken. */
    private Map<Integer, Long> after(Map<Integer, Long> nextOffsets) {
        Map<Integer, Long> after = new HashMap<>(frontier.snapshot());
        nextOffsets.forEach((partition, next) -> after.merge(partition, next, Math::max));
        return after;
    }

    public ClientSession get(String sessionId) {
        return sessions.get(sessionId);
    }

    public Collection<ClientSession> all() {
        return List.copyOf(sessions.values());
    }

    public int size() {
        return sessions.size();
    }

    private void delivered(long count) {
        if (metrics != null) {
            metrics.delivered(count);
        }
    }

    private LoopShard shardOf(ClientSession session) {
        Executor loop = session.transport().loop();
        return shards.computeIfAbsent(loop, l -> new LoopShard(l, this::delivered));
    }
}
