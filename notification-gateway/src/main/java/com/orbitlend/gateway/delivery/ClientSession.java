package com.orbitlend.gateway.delivery;

import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One connected client: its channels, its cursor, and a bounded outbound queue written one frame at a time.
 * Frames leave in the order they were accepted; the fan-out feeds each channel in offset order, so each
 * channel's stream is in offset order (I2). A full queue closes the session (I5): the client resumes later
 * from its cursor instead of slowing anyone else down.
 * <p>
 * While {@link #holdLive() holding} (at open, during a resume), live records are kept aside, then merged after
 * the replayed ones with {@link #release} or after the live start of each channel with {@link #goLiveFrom}. The channels are the token's own ({@code user:}, {@code role:})
 * plus public ones the client subscribed to; a subscription keeps its channel's records aside from
 * {@link #subscribing} until {@link #subscribed} says where its stream starts.
 */
public final class ClientSession {

    private static final Logger LOG = Logger.getLogger(ClientSession.class);

    private final String id;
    private final String userId;
    private final Set<String> channels = new LinkedHashSet<>();
    private final SessionTransport transport;
    private final EventFrameEncoder encoder;
    private final int capacity;
    private final int dedupWindow;

    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final Map<String, Position> positions = new HashMap<>();
    private final Map<String, DedupWindow> seen = new HashMap<>();
    private final List<Delivered> held = new ArrayList<>();
    private final Map<String, List<Delivered>> pending = new HashMap<>();
    private boolean holding;
    private boolean sending;
    private boolean closed;
    private volatile Instant lastHeard = Instant.now();

    public ClientSession(String id, String userId, Set<String> channels, SessionTransport transport,
            EventFrameEncoder encoder, int capacity, int dedupWindow) {
        this.id = id;
        this.userId = userId;
        this.channels.addAll(channels);
        this.transport = transport;
        this.encoder = encoder;
        this.capacity = capacity;
        this.dedupWindow = dedupWindow;
    }

    public String id() {
        return id;
    }

    public String userId() {
        return userId;
    }

    /** The channels of the session now, in the order they were joined. */
    public synchronized Set<String> channels() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(channels));
    }

    /** Live record from the fan-out. Records of other channels are ignored (I3). */
    public synchronized void deliver(Delivered delivered) {
        if (closed || !channels.contains(delivered.channel())) {
            return;
        }
        List<Delivered> kept = pending.get(delivered.channel());
        if (kept != null) {
            if (kept.size() >= capacity) {
                overflow();
                return;
            }
            kept.add(delivered);
            return;
        }
        offer(delivered);
    }

    /**
     * Joins a channel; its live records are kept aside until {@link #subscribed}. False if the session is
     * closed or already in the channel.
     */
    public synchronized boolean subscribing(String channel) {
        if (closed || channels.contains(channel)) {
            return false;
        }
        channels.add(channel);
        pending.put(channel, new ArrayList<>());
        return true;
    }

    /**
     * The subscribed channel's stream starts after {@code start}: records kept aside at or before it are
     * dropped (they precede the subscription and the cursor says so), later ones go out after the
     * acknowledgement, which is rendered with the cursor that now covers the channel.
     */
    public synchronized void subscribed(String channel, Position start, Function<String, String> ack) {
        List<Delivered> kept = pending.remove(channel);
        if (kept != null && channels.contains(channel)) {
            positions.put(channel, start);
        }
        sendWithCursor(ack);
        if (kept != null) {
            kept.forEach(this::offer);
        }
    }

    /**
     * Leaves a channel: nothing more of it is sent and the cursor no longer covers it; then sends the
     * acknowledgement rendered with that cursor.
     */
    public synchronized void unsubscribe(String channel, Function<String, String> ack) {
        channels.remove(channel);
        pending.remove(channel);
        held.removeIf(d -> d.channel().equals(channel));
        positions.remove(channel);
        seen.remove(channel);
        if (ack != null) {
            sendWithCursor(ack);
        }
    }

    /** Sends a frame rendered with the current cursor, in order with the events (so no later cursor precedes it). */
    public synchronized void sendWithCursor(Function<String, String> frame) {
        if (!closed) {
            enqueue(frame.apply(cursor()));
        }
    }

    private void offer(Delivered delivered) {
        if (holding) {
            if (held.size() >= capacity) {
                overflow();
                return;
            }
            held.add(delivered);
            return;
        }
        accept(delivered);
    }

    /** Sends a non-event frame (welcome, pong, error) in order with the events. */
    public synchronized void send(String frame) {
        if (!closed) {
            enqueue(frame);
        }
    }

    /** Starts keeping live records aside until {@link #release} or {@link #goLiveFrom}; call before registering. */
    public synchronized void holdLive() {
        holding = true;
    }

    /** Starts from a client's cursor: records at or before these positions are never sent again. */
    public synchronized void startAfter(Map<String, Position> cursor) {
        cursor.forEach((channel, position) -> {
            if (channels.contains(channel)) {
                positions.put(channel, position);
            }
        });
    }

    /** Remembers ids the client already received in a channel (before its cursor), to drop late duplicates. */
    public synchronized void remember(String channel, List<String> notificationIds) {
        DedupWindow window = seen.computeIfAbsent(channel, c -> new DedupWindow(dedupWindow));
        notificationIds.forEach(window::firstSeen);
    }

    /**
     * Frames a resume may replay: the queue capacity minus the {@code resumed} frame and a margin for the live
     * records that arrive while the client drains the replay (a resume that fills the queue would overflow
     * at once, and the client would reconnect with the same cursor for ever).
     */
    public int replayLimit() {
        return capacity - 1 - margin();
    }

    private int margin() {
        return Math.max(1, capacity / 8);
    }

    /**
     * Ends a resume: sends {@code first} (rendered with the current cursor), the replayed records, then the live
     * ones held meanwhile that come after them, and goes live. False, and nothing sent (still holding), if the
     * queued frames, the replay, the held records and the margin do not fit the queue: the caller then gives
     * up the replay with {@link #goLiveFrom}.
     */
    public synchronized boolean release(List<Delivered> replayed, Function<String, String> first) {
        if (closed) {
            return true;
        }
        if (queue.size() + 1 + replayed.size() + held.size() + margin() > capacity) {
            return false;
        }
        enqueue(first.apply(cursor()));
        replayed.forEach(this::accept);
        goLive();
        return true;
    }

    /**
     * Starts (or, after a resume that could not recover, restarts) every channel in {@code liveStart} at its
     * live position, then sends {@code first} rendered with that cursor, then the held live records after it.
     */
    public synchronized void goLiveFrom(Map<String, Position> liveStart, Function<String, String> first) {
        liveStart.forEach((channel, position) -> {
            if (channels.contains(channel)) {
                positions.put(channel, position);
            }
        });
        if (!closed) {
            enqueue(first.apply(cursor()));
        }
        goLive();
    }

    private void goLive() {
        List<Delivered> live = new ArrayList<>(held);
        held.clear();
        holding = false;
        live.forEach(this::accept);
    }

    public synchronized String cursor() {
        return CursorCodec.encode(positions);
    }

    public synchronized Map<String, Position> positions() {
        return Map.copyOf(positions);
    }

    public void heard() {
        lastHeard = Instant.now();
    }

    public Instant lastHeard() {
        return lastHeard;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Closes the connection; the protocol adapter unregisters the session when the close completes. */
    public synchronized void close(int code, String reason) {
        if (closed) {
            return;
        }
        closed = true;
        queue.clear();
        held.clear();
        pending.clear();
        transport.close(code, reason);
    }

    /** The connection is gone; drop what is left. */
    public synchronized void closed() {
        closed = true;
        queue.clear();
        held.clear();
        pending.clear();
    }

    private void accept(Delivered delivered) {
        if (closed || !channels.contains(delivered.channel())) {
            return;
        }
        Position last = positions.get(delivered.channel());
        if (last != null && !last.isBefore(delivered.partition(), delivered.offset())) {
            return;
        }
        positions.put(delivered.channel(), delivered.position());
        if (!seen.computeIfAbsent(delivered.channel(), c -> new DedupWindow(dedupWindow))
                .firstSeen(delivered.notification().id())) {
            return;
        }
        enqueue(encoder.encode(delivered, CursorCodec.encode(positions)));
    }

    private void enqueue(String frame) {
        if (queue.size() >= capacity) {
            overflow();
            return;
        }
        queue.add(frame);
        drain();
    }

    private void overflow() {
        LOG.infof("Closing session %s of %s: outbound queue full (%d frames)", id, userId, capacity);
        close(CloseCodes.SLOW_CONSUMER, "slow consumer");
    }

    private void drain() {
        if (sending || closed || queue.isEmpty()) {
            return;
        }
        sending = true;
        transport.send(queue.poll()).whenComplete((ok, failure) -> sent(failure));
    }

    private synchronized void sent(Throwable failure) {
        sending = false;
        if (failure != null) {
            LOG.debugf(failure, "Send to session %s failed", id);
            close(CloseCodes.SEND_FAILED, "send failed");
            return;
        }
        drain();
    }
}
