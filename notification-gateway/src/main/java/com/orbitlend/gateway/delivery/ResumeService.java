package com.orbitlend.gateway.delivery;

import com.orbitlend.events.EventJson;
import com.orbitlend.events.notification.Notification;
import com.orbitlend.gateway.archive.ArchiveService;
import com.orbitlend.gateway.archive.ArchiveWatermark;
import com.orbitlend.gateway.archive.ArchivedNotification;
import com.orbitlend.gateway.config.GatewayConfig;
import com.orbitlend.gateway.metrics.GatewayMetrics;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Resume (delivery.md): the session is already registered and holding its live records; this finds what the
 * client missed up to the point where its live stream starts, and the caller releases replay + live in order.
 * Any replica can do it: every replica reads every partition, and the state is in Kafka and PostgreSQL.
 * <p>
 * Two sources, tried in this order: the frames this replica dispatched lately ({@link RecentFrames}, in memory,
 * answered at once on the caller's thread: the usual case, a client whose replica died or whose network blinked),
 * then the archive, once it has caught up with the point where the live stream starts (a gap older than the
 * window, or a replay longer than the session's queue, which is paged). No thread waits per resume: the wait for
 * the archive is a future on the shared {@link ArchiveWatermark}, and the archive reads run on a small pool of
 * their own ({@code resume-concurrency} threads, first come first served), apart from the archiver's and the
 * event loops' threads.
 */
@ApplicationScoped
public class ResumeService {

    private static final Logger LOG = Logger.getLogger(ResumeService.class);

    /**
     * What the client missed, or why it cannot be recovered (then {@code missed} is empty). {@code paged}: more
     * was missed than the session's queue holds; {@code missed} is the first page of {@code total} and the rest
     * follows through {@link #continueCatchUp} at the client's pace.
     */
    public record Replay(boolean recovered, String reason, List<OutboundFrame> missed, long total, boolean paged) {

        public static Replay notRecovered(String reason) {
            return new Replay(false, reason, List.of(), 0, false);
        }

        public static Replay of(List<OutboundFrame> missed) {
            return new Replay(true, null, missed, missed.size(), false);
        }
    }

    /** A checked cursor: the session's channels in it, and per partition the offset the archive must reach. */
    private record Plan(Map<String, Position> entitled, Map<Integer, Long> archiveUpTo) {
    }

    @Inject
    ArchiveService archive;

    @Inject
    ArchiveWatermark watermark;

    @Inject
    LiveFrontier frontier;

    @Inject
    GatewayConfig config;

    @Inject
    EventFrameEncoder encoder;

    @Inject
    RecentFrames recent;

    /** Null outside CDI (unit tests). */
    @Inject
    GatewayMetrics metrics;

    private ExecutorService readers;

    @PostConstruct
    void start() {
        AtomicInteger count = new AtomicInteger();
        readers = Executors.newFixedThreadPool(config.delivery().resumeConcurrency(), task -> {
            Thread thread = new Thread(task, "resume-reader-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    void stop(@Observes ShutdownEvent event) {
        readers.shutdownNow();
    }

    /**
     * Works out what the session missed after {@code cursor} and hands the outcome to {@code then} (on a reader
     * thread, or at once if the cursor is refused). Never silently skips: see {@link #missedSince}.
     */
    public void submit(ClientSession session, Map<String, Position> cursor, Consumer<Replay> then) {
        Object checked = check(session, cursor);
        if (checked instanceof Replay refused) {
            then.accept(refused);
            return;
        }
        Plan plan = (Plan) checked;
        Optional<Replay> fromMemory = fromRecent(session, plan);
        if (fromMemory.isPresent()) {
            then.accept(fromMemory.get());
            return;
        }
        watermark.await(plan.archiveUpTo(), config.delivery().resumeWait()).whenComplete((caughtUp, failure) -> {
            if (failure != null) {
                LOG.warnf(failure, "Resume of session %s: archive progress unreadable", session.id());
                then.accept(Replay.notRecovered("unavailable"));
            } else if (!caughtUp) {
                then.accept(Replay.notRecovered("archive_behind"));
            } else {
                readers.execute(() -> then.accept(readSafely(session, plan)));
            }
        });
    }

    /**
     * The records after the cursor, blocking while the archive catches up (bounded by resume-wait); for callers
     * that may block. Never silently skips: a cursor that does not name every channel of the session
     * ({@code incomplete_cursor}), that names a channel in another partition than the channel's
     * ({@code invalid_cursor}) or that is older than the archive's retention ({@code expired}) is not recovered.
     * More than the session's queue holds comes back {@link Replay#paged() paged}.
     */
    public Replay missedSince(ClientSession session, Map<String, Position> cursor) {
        Object checked = check(session, cursor);
        if (checked instanceof Replay refused) {
            return refused;
        }
        Plan plan = (Plan) checked;
        Optional<Replay> fromMemory = fromRecent(session, plan);
        if (fromMemory.isPresent()) {
            return fromMemory.get();
        }
        if (!watermark.await(plan.archiveUpTo(), config.delivery().resumeWait()).toCompletableFuture().join()) {
            return Replay.notRecovered("archive_behind");
        }
        return read(session, plan);
    }

    /** A {@link Replay} if the cursor cannot be honoured as it is, else the {@link Plan} to honour it. */
    private Object check(ClientSession session, Map<String, Position> cursor) {
        Set<String> channels = session.channels();
        if (!cursor.keySet().containsAll(channels)) {
            return Replay.notRecovered("incomplete_cursor");
        }
        int partitions = frontier.partitions();
        if (partitions <= 0) {
            return Replay.notRecovered("not_ready");
        }
        Map<Integer, Long> live = frontier.snapshot();
        Map<String, Position> entitled = new TreeMap<>(cursor);
        entitled.keySet().retainAll(channels);
        Map<Integer, Long> archiveUpTo = new HashMap<>();
        for (Map.Entry<String, Position> entry : entitled.entrySet()) {
            Position position = entry.getValue();
            if (position.partition() != ChannelPartition.of(entry.getKey(), partitions)) {
                return Replay.notRecovered("invalid_cursor");
            }
            Long liveFrom = live.get(position.partition());
            if (liveFrom == null) {
                return Replay.notRecovered("not_ready");
            }
            archiveUpTo.put(position.partition(), liveFrom);
        }
        return new Plan(entitled, archiveUpTo);
    }

    /**
     * The replay from {@link RecentFrames} if the window covers the whole gap of every channel and it fits the
     * session's queue; empty otherwise (the archive answers, paging a long gap).
     */
    private Optional<Replay> fromRecent(ClientSession session, Plan plan) {
        int limit = session.replayLimit();
        Optional<List<OutboundFrame>> frames = recent.between(plan.entitled(), plan.archiveUpTo(), limit + 1);
        if (frames.isEmpty() || frames.get().size() > limit) {
            replayedFrom("archive");
            return Optional.empty();
        }
        replayedFrom("memory");
        List<OutboundFrame> missed = new ArrayList<>(frames.get().size());
        frames.get().forEach(frame -> missed.add(encoder.replayed(frame)));
        return Optional.of(Replay.of(missed));
    }

    private void replayedFrom(String source) {
        if (metrics != null) {
            metrics.replaySource(source);
        }
    }

    private Replay readSafely(ClientSession session, Plan plan) {
        try {
            return read(session, plan);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Resume of session %s failed", session.id());
            return Replay.notRecovered("unavailable");
        }
    }

    private Replay read(ClientSession session, Plan plan) {
        int limit = session.replayLimit();
        Map<String, Position> after = plan.entitled();
        List<OutboundFrame> missed = page(after, limit + 1);
        String expired = expired(after);
        if (expired != null) {
            return Replay.notRecovered(expired);
        }
        if (missed.size() <= limit) {
            return Replay.of(missed);
        }
        // more than the session may queue: replay it in pages, at the pace the client reads
        long total = 0;
        for (Map.Entry<String, Position> entry : after.entrySet()) {
            Position position = entry.getValue();
            long liveFrom = plan.archiveUpTo().get(position.partition());
            total += archive.countBetween(entry.getKey(), position.partition(), position.offset(), liveFrom);
        }
        return new Replay(true, null, missed.subList(0, limit), Math.max(total, limit), true);
    }

    /** Up to {@code limit} archived frames after the given positions, channel after channel, each in order. */
    private List<OutboundFrame> page(Map<String, Position> after, int limit) {
        List<OutboundFrame> frames = new ArrayList<>();
        for (Map.Entry<String, Position> entry : after.entrySet()) {
            if (frames.size() >= limit) {
                break;
            }
            String channel = entry.getKey();
            Position position = entry.getValue();
            for (ArchivedNotification row : archive.after(channel, position.partition(), position.offset(),
                    limit - frames.size())) {
                frames.add(encoder.encode(new Delivered(channel, row.kafkaPartition, row.kafkaOffset,
                        notification(row))));
            }
        }
        return frames;
    }

    /** {@code expired} if a position is below what the archive still holds (checked after reading). */
    private String expired(Map<String, Position> after) {
        // a prune that committed before the read has moved retained_from past the position
        for (Position position : after.values()) {
            if (position.offset() + 1 < archive.retainedFrom(position.partition())) {
                return "expired";
            }
        }
        return null;
    }

    /**
     * Goes on with a paged replay whose {@code page} the session has just been given ({@link ClientSession#catchUp}
     * on its loop): once the client has taken it, reads the next page after the session's positions on a reader
     * thread (first come, first served with every other resume), and so on. When the archive has nothing more,
     * holds the live frames, waits for the archive to reach where they start, and joins the live stream with
     * {@link ClientSession#finishCatchUp}. If the archive cannot be read, falls behind longer than resume-wait,
     * or was pruned past the session's positions meanwhile, closes the session with
     * {@link CloseCodes#TRY_AGAIN_LATER}: everything it was sent is in order, and it resumes from there.
     * On the session's loop.
     */
    public void continueCatchUp(ClientSession session, List<OutboundFrame> page) {
        session.replay(page);
        int pageSize = session.replayLimit();
        if (page.size() >= pageSize) {
            session.afterDrained(() -> {
                Map<String, Position> after = positionsOf(session);
                readers.execute(() -> {
                    List<OutboundFrame> next = readPage(session, after, pageSize);
                    if (next != null) {
                        session.execute(() -> continueCatchUp(session, next));
                    }
                });
            });
            return;
        }
        if (session.isClosed()) {
            return;
        }
        session.holdLive();
        Map<String, Position> after = positionsOf(session);
        Map<Integer, Long> live = frontier.snapshot();
        Map<Integer, Long> upTo = new HashMap<>();
        after.values().forEach(position -> upTo.put(position.partition(), live.getOrDefault(position.partition(), 0L)));
        watermark.await(upTo, config.delivery().resumeWait()).whenComplete((caughtUp, failure) -> {
            if (failure != null || !caughtUp) {
                session.execute(() -> giveUp(session, failure != null ? "archive unreadable" : "archive behind"));
                return;
            }
            readers.execute(() -> {
                List<OutboundFrame> rest = readPage(session, after, pageSize);
                if (rest != null) {
                    session.execute(() -> {
                        if (!session.finishCatchUp(rest)) {
                            // a burst came in meanwhile: page on, once the client has taken what it has
                            session.afterDrained(() -> continueCatchUp(session, rest));
                        }
                    });
                }
            });
        });
    }

    /** The positions of the channels the session still replays. */
    private static Map<String, Position> positionsOf(ClientSession session) {
        Map<String, Position> after = new TreeMap<>(session.positions());
        after.keySet().retainAll(session.catchingUp());
        return after;
    }

    /** A page after {@code after}, or null if the session was closed because it could not be read. */
    private List<OutboundFrame> readPage(ClientSession session, Map<String, Position> after, int pageSize) {
        try {
            List<OutboundFrame> page = page(after, pageSize);
            if (expired(after) != null) {
                session.execute(() -> giveUp(session, "archive pruned past the session's positions"));
                return null;
            }
            return page;
        } catch (RuntimeException e) {
            LOG.warnf(e, "Paged replay of session %s failed", session.id());
            session.execute(() -> giveUp(session, "archive unreadable"));
            return null;
        }
    }

    private static void giveUp(ClientSession session, String why) {
        LOG.infof("Paged replay of session %s stopped (%s); the client resumes from its positions", session.id(), why);
        session.close(CloseCodes.TRY_AGAIN_LATER, "resume incomplete; reconnect with your cursor");
    }

    private static Notification notification(ArchivedNotification row) {
        try {
            return EventJson.mapper().readValue(row.payload, Notification.class);
        } catch (Exception e) {
            throw new IllegalStateException("Archived notification " + row.id + " is unreadable", e);
        }
    }
}
