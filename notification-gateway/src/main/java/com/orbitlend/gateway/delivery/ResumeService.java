package com.orbitlend.gateway.delivery;

import com.orbitlend.events.EventJson;
import com.orbitlend.events.notification.Notification;
import com.orbitlend.gateway.archive.ArchiveService;
import com.orbitlend.gateway.archive.ArchiveWatermark;
import com.orbitlend.gateway.archive.ArchivedNotification;
import com.orbitlend.gateway.config.GatewayConfig;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Resume (delivery.md): the session is already registered and holding its live records; this reads what the
 * client missed from the archive, once the archive has caught up with the point where the live stream starts,
 * and the caller releases replay + live in order. Any replica can do it: the state is in Kafka and PostgreSQL.
 * <p>
 * No thread waits per resume: the wait for the archive is a future on the shared {@link ArchiveWatermark}, and
 * the archive reads run on a small pool of their own ({@code resume-concurrency} threads, first come first
 * served), apart from the archiver's and the event loops' threads.
 */
@ApplicationScoped
public class ResumeService {

    private static final Logger LOG = Logger.getLogger(ResumeService.class);

    /** What the client missed, or why it cannot be recovered (then {@code missed} is empty). */
    public record Replay(boolean recovered, String reason, List<OutboundFrame> missed) {

        public static Replay notRecovered(String reason) {
            return new Replay(false, reason, List.of());
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
     * ({@code invalid_cursor}), that is older than the archive's retention ({@code expired}) or that is too far
     * behind to replay through the session's queue ({@code too_far_behind}) is not recovered.
     */
    public Replay missedSince(ClientSession session, Map<String, Position> cursor) {
        Object checked = check(session, cursor);
        if (checked instanceof Replay refused) {
            return refused;
        }
        Plan plan = (Plan) checked;
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

    private Replay readSafely(ClientSession session, Plan plan) {
        try {
            return read(session, plan);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Resume of session %s failed", session.id());
            return Replay.notRecovered("unavailable");
        }
    }

    private Replay read(ClientSession session, Plan plan) {
        List<OutboundFrame> missed = new ArrayList<>();
        int limit = session.replayLimit();
        for (Map.Entry<String, Position> entry : plan.entitled().entrySet()) {
            String channel = entry.getKey();
            Position after = entry.getValue();
            List<ArchivedNotification> rows = archive.after(channel, after.partition(), after.offset(),
                    Math.max(0, limit - missed.size()) + 1);
            if (missed.size() + rows.size() > limit) {
                // more than the session may queue: the client reloads over REST instead
                return Replay.notRecovered("too_far_behind");
            }
            for (ArchivedNotification row : rows) {
                missed.add(encoder.encode(new Delivered(channel, row.kafkaPartition, row.kafkaOffset, notification(row))));
            }
        }
        // checked after reading: a prune that committed before the read has moved retained_from past the cursor
        for (Position position : plan.entitled().values()) {
            if (position.offset() + 1 < archive.retainedFrom(position.partition())) {
                return Replay.notRecovered("expired");
            }
        }
        return new Replay(true, null, missed);
    }

    private static Notification notification(ArchivedNotification row) {
        try {
            return EventJson.mapper().readValue(row.payload, Notification.class);
        } catch (Exception e) {
            throw new IllegalStateException("Archived notification " + row.id + " is unreadable", e);
        }
    }
}
