package com.orbitlend.gateway.delivery;

import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * One connected client: its channels, the last position delivered per channel, and the frames its connection
 * could not take yet. All of its state lives on its connection's event loop ({@link SessionTransport#loop()});
 * every method but {@link #execute}, {@link #channels()}, {@link #heard()} and {@link #unansweredPingAt()} must be called
 * there (other threads hop over with {@link #execute}).
 * <p>
 * Event frames are shared: the fan-out builds a record's frame once and every session of the channel writes the
 * same bytes. Writes are not flushed one by one: the {@link LoopShard} flushes each session it wrote to once per
 * batch. While the connection is writable a frame goes straight to it; otherwise it waits in a queue bounded in
 * frames and bytes, drained when the transport says it is writable again. A full queue closes the session with
 * {@link CloseCodes#SLOW_CONSUMER} (I5): the client resumes from its positions instead of slowing anyone down.
 * <p>
 * While {@link #holdLive() holding} (during a resume), live frames are kept aside and merged after the replayed
 * ones by {@link #release}, or after the live start of each channel by {@link #goLiveFrom}. Per channel, a frame
 * at or before the last delivered position is dropped, so each channel's stream is in order without repeats (I2).
 */
public final class ClientSession {

    /** {@link #unansweredPingAt()} when every ping written has been answered (or none was written). */
    public static final long ANSWERED = Long.MIN_VALUE;

    private static final Logger LOG = Logger.getLogger(ClientSession.class);

    /** Bounds of the queue of frames the connection did not take yet. */
    public record Limits(int frames, long bytes) {
    }

    private final String id;
    private final String userId;
    private final SessionTransport transport;
    private final Limits limits;
    private final String address;
    private final MessageRate messageRate;

    /** Immutable, replaced on (un)subscribe, so any thread may read it. */
    private volatile Set<String> channels;
    private final Map<String, Position> positions = new HashMap<>(4);
    private List<OutboundFrame> held;
    /** Channels replayed page by page from the archive: their live frames are dropped, not held (see catchUp). */
    private Set<String> catchingUp = Set.of();
    private Runnable onDrained;
    private ArrayDeque<OutboundFrame> queue;
    private long queuedBytes;
    private boolean unflushed;
    private boolean closed;
    /** {@link System#nanoTime()} when the oldest ping not answered yet was written; {@link #ANSWERED} if none. */
    private volatile long unansweredPingAt = ANSWERED;
    private volatile long expiresAt = Long.MAX_VALUE;

    public ClientSession(String id, String userId, Set<String> channels, SessionTransport transport, Limits limits) {
        this(id, userId, channels, transport, limits, null, null);
    }

    /** {@code address}: the client's, counted by the connection limits; {@code messageRate}: of its messages. */
    public ClientSession(String id, String userId, Set<String> channels, SessionTransport transport, Limits limits,
            String address, MessageRate messageRate) {
        this.address = address;
        this.messageRate = messageRate;
        this.id = id;
        this.userId = userId;
        this.channels = Collections.unmodifiableSet(new LinkedHashSet<>(channels));
        this.transport = transport;
        this.limits = limits;
    }

    public String id() {
        return id;
    }

    public String userId() {
        return userId;
    }

    public String address() {
        return address;
    }

    /** Counts a client message; false if the session sends more than its rate allows. On the loop. */
    public boolean tryMessage() {
        return messageRate == null || messageRate.tryTake(System.nanoTime());
    }

    /** The channels of the session now, in the order they were joined. Any thread. */
    public Set<String> channels() {
        return channels;
    }

    SessionTransport transport() {
        return transport;
    }

    /** The event loop of the session's connection, where {@link #execute} runs its tasks. Any thread. */
    public Executor loop() {
        return transport.loop();
    }

    /** Runs {@code task} on the session's event loop (at once if already there). Any thread. */
    public void execute(Runnable task) {
        if (transport.inLoop()) {
            task.run();
        } else {
            transport.loop().execute(task);
        }
    }

    /**
     * A live event frame from the fan-out; unflushed (the shard flushes). Frames of other channels are ignored
     * (I3). True if the frame was written, queued or held for the client.
     */
    boolean deliver(OutboundFrame frame) {
        if (closed || !channels.contains(frame.channel())) {
            return false;
        }
        if (held != null) {
            if (held.size() >= limits.frames()) {
                overflow();
                return false;
            }
            held.add(frame);
            return true;
        }
        if (catchingUp.contains(frame.channel())) {
            // the replay reads it from the archive when it gets there
            return false;
        }
        return accept(frame);
    }

    /** Sends a control frame (welcome, pong, error, …) in order with the events, and flushes. */
    public void send(String frame) {
        send(frame.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public void send(byte[] frame) {
        if (!closed) {
            write(OutboundFrame.control(frame));
            flush();
        }
    }

    /** Sends a frame rendered with the session's current cursor. */
    public void sendWithCursor(Function<String, String> frame) {
        if (!closed) {
            send(frame.apply(cursor()));
        }
    }

    /**
     * Joins a public channel whose stream starts after {@code start} (records at or before it are dropped); the
     * caller has registered the session for the channel on this loop, so every later record reaches it.
     */
    void join(String channel, Position start) {
        Set<String> joined = new LinkedHashSet<>(channels);
        joined.add(channel);
        channels = Collections.unmodifiableSet(joined);
        positions.put(channel, start);
    }

    /** Leaves a channel: nothing more of it is sent, and the cursor no longer names it. */
    void leave(String channel) {
        Set<String> left = new LinkedHashSet<>(channels);
        left.remove(channel);
        channels = Collections.unmodifiableSet(left);
        positions.remove(channel);
        if (catchingUp.contains(channel)) {
            Set<String> rest = new LinkedHashSet<>(catchingUp);
            rest.remove(channel);
            catchingUp = Set.copyOf(rest);
        }
        if (held != null) {
            held.removeIf(frame -> channel.equals(frame.channel()));
        }
    }

    /** Starts keeping live frames aside until {@link #release} or {@link #goLiveFrom}; call before registering. */
    public void holdLive() {
        if (held == null) {
            held = new ArrayList<>();
        }
    }

    /** Starts from a client's cursor: records at or before these positions are never sent again. */
    public void startAfter(Map<String, Position> cursor) {
        cursor.forEach((channel, position) -> {
            if (channels.contains(channel)) {
                positions.put(channel, position);
            }
        });
    }

    /**
     * Frames a resume may replay: the queue's frame bound minus the {@code resumed} frame and a margin for the
     * live frames that arrive while the client drains the replay.
     */
    public int replayLimit() {
        return limits.frames() - 1 - margin();
    }

    private int margin() {
        return Math.max(1, limits.frames() / 8);
    }

    /**
     * Ends a resume: sends {@code first} (rendered with the current cursor), the replayed frames, then the live
     * ones held meanwhile that come after them, and goes live. False, and nothing sent (still holding), if the
     * replay, the held frames and the margin do not fit the queue: the caller then gives up the replay with
     * {@link #goLiveFrom}.
     */
    public boolean release(List<OutboundFrame> replayed, Function<String, String> first) {
        if (closed) {
            return true;
        }
        int heldCount = held == null ? 0 : held.size();
        if (queued() + 1 + replayed.size() + heldCount + margin() > limits.frames()) {
            return false;
        }
        write(OutboundFrame.control(bytes(first.apply(cursor()))));
        replayed.forEach(this::accept);
        goLive();
        return true;
    }

    /**
     * Starts a paged replay of {@code channels} (a resume too long for the queue): live frames of those channels
     * are dropped from now on instead of held, since the replay reads them from the archive in pages
     * ({@link #replay}) at the pace the client drains them ({@link #afterDrained}), until
     * {@link #finishCatchUp} joins the live stream. Sends {@code first} (rendered with the current cursor).
     */
    public void catchUp(Set<String> channels, Function<String, String> first) {
        held = null;
        Set<String> replayed = new LinkedHashSet<>(channels);
        replayed.retainAll(this.channels);
        catchingUp = Set.copyOf(replayed);
        if (!closed) {
            write(OutboundFrame.control(bytes(first.apply(cursor()))));
        }
        flush();
    }

    /** The channels a paged replay still reads from the archive. */
    public Set<String> catchingUp() {
        return catchingUp;
    }

    /** Writes one page of a paged replay (frames at or before a channel's position are skipped) and flushes. */
    public void replay(List<OutboundFrame> page) {
        page.forEach(this::accept);
        flush();
    }

    /**
     * Runs {@code next} once the connection has taken everything queued: at once if nothing waits, else when
     * {@link #drain} empties the queue. Never runs on a closed session. One pending callback at a time.
     */
    public void afterDrained(Runnable next) {
        if (closed) {
            return;
        }
        if (queue == null) {
            next.run();
        } else {
            onDrained = next;
        }
    }

    /**
     * Ends a paged replay: the caller {@link #holdLive() held} live frames, waited for the archive to reach the
     * point where they start and read {@code rest}. Writes {@code rest} then the held frames and goes live. False
     * if they do not fit the queue: nothing is written, the held frames are dropped and the replay goes on paging.
     */
    public boolean finishCatchUp(List<OutboundFrame> rest) {
        if (closed) {
            return true;
        }
        int heldCount = held == null ? 0 : held.size();
        if (queued() + rest.size() + heldCount + margin() > limits.frames()) {
            held = null;
            return false;
        }
        rest.forEach(this::accept);
        catchingUp = Set.of();
        goLive();
        return true;
    }

    /**
     * Starts (or, after a resume that could not recover, restarts) every channel in {@code liveStart} at its
     * live position, then sends {@code first} rendered with that cursor, then the held live frames after it.
     */
    public void goLiveFrom(Map<String, Position> liveStart, Function<String, String> first) {
        liveStart.forEach((channel, position) -> {
            if (channels.contains(channel)) {
                positions.put(channel, position);
            }
        });
        if (!closed) {
            write(OutboundFrame.control(bytes(first.apply(cursor()))));
        }
        goLive();
    }

    private void goLive() {
        List<OutboundFrame> live = held == null ? List.of() : held;
        held = null;
        live.forEach(this::accept);
        flush();
    }

    public String cursor() {
        return CursorCodec.encode(positions);
    }

    public Map<String, Position> positions() {
        return Map.copyOf(positions);
    }

    /** The client was heard from (a message or a pong): every ping written so far counts as answered. Any thread. */
    public void heard() {
        unansweredPingAt = ANSWERED;
    }

    /**
     * {@link System#nanoTime()} when the oldest ping the client has not answered was written to its connection, or
     * {@link #ANSWERED}. Written when the ping really goes out on the session's loop, so a loop that is late (an
     * overloaded replica) does not count against the client. Any thread.
     */
    public long unansweredPingAt() {
        return unansweredPingAt;
    }

    /** The session ends at this time (epoch millis; its token's {@code exp}). Any thread. */
    public void expiresAt(long epochMillis) {
        expiresAt = epochMillis;
    }

    public long expiresAt() {
        return expiresAt;
    }

    /** Sends a ping (on the session's loop); the client's pong, or any message, answers it. */
    public void ping() {
        if (!closed) {
            if (unansweredPingAt == ANSWERED) {
                unansweredPingAt = System.nanoTime();
            }
            transport.ping();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Frames waiting for the connection to become writable. */
    int queued() {
        return queue == null ? 0 : queue.size();
    }

    /** Closes the connection; the protocol adapter unregisters the session when the close completes. */
    public void close(int code, String reason) {
        if (closed) {
            return;
        }
        closed();
        transport.close(code, reason);
    }

    /** The connection is gone; drop what is left. */
    public void closed() {
        closed = true;
        queue = null;
        queuedBytes = 0;
        held = null;
        onDrained = null;
    }

    /** The connection is writable again: writes what waited, as far as it takes it. */
    public void drain() {
        if (closed || queue == null) {
            return;
        }
        while (!queue.isEmpty() && transport.writable()) {
            OutboundFrame frame = queue.poll();
            queuedBytes -= frame.size();
            transport.write(frame);
            unflushed = true;
        }
        if (queue.isEmpty()) {
            queue = null;
        }
        flush();
        if (queue == null && onDrained != null) {
            Runnable next = onDrained;
            onDrained = null;
            next.run();
        }
    }

    /** Flushes what was written since the last flush; true if there was anything. */
    boolean flush() {
        if (!unflushed || closed) {
            return false;
        }
        unflushed = false;
        transport.flush();
        return true;
    }

    /** Whether frames were written and not flushed yet. */
    boolean unflushed() {
        return unflushed;
    }

    private boolean accept(OutboundFrame frame) {
        if (closed || !channels.contains(frame.channel())) {
            return false;
        }
        Position position = frame.position();
        Position last = positions.get(frame.channel());
        if (last != null && !last.isBefore(position.partition(), position.offset())) {
            return false;
        }
        positions.put(frame.channel(), position);
        write(frame);
        return !closed;
    }

    private void write(OutboundFrame frame) {
        if (queue == null && transport.writable()) {
            transport.write(frame);
            unflushed = true;
            return;
        }
        if (queue == null) {
            queue = new ArrayDeque<>();
        }
        if (queue.size() >= limits.frames() || queuedBytes + frame.size() > limits.bytes()) {
            overflow();
            return;
        }
        queue.add(frame);
        queuedBytes += frame.size();
    }

    private void overflow() {
        LOG.infof("Closing session %s of %s: outbound queue full (%d frames, %d bytes)", id, userId, queued(),
                queuedBytes);
        close(CloseCodes.SLOW_CONSUMER, "slow consumer");
    }

    private static byte[] bytes(String frame) {
        return frame.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
