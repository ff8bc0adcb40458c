package com.orbitlend.gateway.protocol;

import com.orbitlend.gateway.config.GatewayConfig;
import com.orbitlend.gateway.delivery.ClientSession;
import com.orbitlend.gateway.delivery.CloseCodes;
import com.orbitlend.gateway.delivery.SessionRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The heartbeat: pings each session once per interval, and closes (4408) the sessions that stopped answering: a
 * ping written {@code max-missed} - 1 intervals ago or more and still unanswered (no pong, no message) at a sweep,
 * which with pings once per interval is {@code max-missed} pings in a row. One sweep for all sessions rather than
 * websockets-next's auto-ping, which keeps a periodic timer per connection.
 * <p>
 * The sessions are spread over the interval: they fall into {@value #SLICES} slices by their id, and every
 * interval / {@value #SLICES} the sweep takes the next slice, with one task per event loop for the slice's
 * sessions on that loop. Pinging all sessions at once made, every interval, a burst of thousands of ping writes
 * and then of thousands of pongs on the loops, which delayed the live deliveries behind it.
 * <p>
 * The sweeps run on a thread of their own, and a ping counts from when its loop really writes it
 * ({@link ClientSession#unansweredPingAt()}), not from the sweep: when the replica is overloaded its loops are
 * late, not its clients, and the replica must not close healthy sessions for its own delay (docs/gateway-delivery.md,
 * "The heartbeat").
 */
@ApplicationScoped
public class HeartbeatMonitor {

    private static final Logger LOG = Logger.getLogger(HeartbeatMonitor.class);

    /** How many parts of the sessions the interval is cut into; each sweep takes one. */
    static final int SLICES = 20;

    @Inject
    SessionRegistry sessions;

    @Inject
    GatewayConfig config;

    /** The slice the next sweep takes; only the timer's one thread touches it. */
    private int next;

    private ScheduledExecutorService timer;

    void start(@Observes StartupEvent event) {
        start();
    }

    /** Starts the sweeps: one every {@link #sweepEvery} of the configured interval, the slices in turn. */
    void start() {
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long every = sweepEvery(config.heartbeat().interval()).toNanos();
        timer.scheduleAtFixedRate(() -> {
            try {
                sweep(System.nanoTime(), next);
            } catch (RuntimeException e) {
                // a failed sweep must not end the heartbeat (a periodic task that throws is never run again)
                LOG.errorf(e, "Heartbeat sweep of slice %d failed", next);
            }
            next = (next + 1) % SLICES;
        }, every, every, TimeUnit.NANOSECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** The period of the sweeps: the interval over {@value #SLICES}, at least 10 ms. */
    static Duration sweepEvery(Duration interval) {
        Duration every = interval.dividedBy(SLICES);
        return every.compareTo(Duration.ofMillis(10)) < 0 ? Duration.ofMillis(10) : every;
    }

    /** The slice of a session: fixed for its life, so it is pinged once per interval. */
    static int sliceOf(ClientSession session) {
        return Math.floorMod(session.id().hashCode(), SLICES);
    }

    /**
     * Pings the sessions of {@code slice} and closes those whose oldest unanswered ping is older than
     * {@code max-missed} - 1 intervals at {@code now} ({@link System#nanoTime()}); returns how many it closes.
     */
    int sweep(long now, int slice) {
        long patience = config.heartbeat().interval().multipliedBy(Math.max(0, config.heartbeat().maxMissed() - 1))
                .toNanos();
        Map<Executor, List<ClientSession>> ping = new HashMap<>();
        Map<Executor, List<ClientSession>> close = new HashMap<>();
        for (ClientSession session : sessions.all()) {
            if (sliceOf(session) != slice) {
                continue;
            }
            long pinged = session.unansweredPingAt();
            boolean silent = pinged != ClientSession.ANSWERED && now - pinged > patience;
            (silent ? close : ping).computeIfAbsent(session.loop(), loop -> new ArrayList<>()).add(session);
        }
        close.forEach((loop, silent) -> {
            // what the sweep saw: a session that answers by the time its loop runs the close is kept
            long[] judged = silent.stream().mapToLong(ClientSession::unansweredPingAt).toArray();
            loop.execute(() -> {
                for (int i = 0; i < judged.length; i++) {
                    ClientSession session = silent.get(i);
                    if (session.unansweredPingAt() == judged[i]) {
                        session.close(CloseCodes.HEARTBEAT_TIMEOUT, "heartbeat timeout");
                    }
                }
            });
        });
        ping.forEach((loop, heard) -> loop.execute(() -> heard.forEach(ClientSession::ping)));
        return close.values().stream().mapToInt(List::size).sum();
    }
}
