package com.orbitlend.gateway.protocol;

import com.orbitlend.gateway.config.GatewayConfig;
import com.orbitlend.gateway.delivery.ClientSession;
import com.orbitlend.gateway.delivery.CloseCodes;
import com.orbitlend.gateway.delivery.SessionRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The heartbeat: pings each session once per interval, and closes (4408) the sessions that stopped answering:
 * nothing heard (no pong, no message) for {@code max-missed} intervals. One sweep for all sessions rather than
 * websockets-next's auto-ping, which keeps a periodic timer per connection.
 * <p>
 * The sessions are spread over the interval: they fall into {@value #SLICES} slices by their id, and every
 * interval / {@value #SLICES} the sweep takes the next slice, with one task per event loop for the slice's
 * sessions on that loop. Pinging all sessions at once made, every interval, a burst of thousands of ping writes
 * and then of thousands of pongs on the loops, which delayed the live deliveries behind it (docs/gateway-delivery.md,
 * "The heartbeat").
 * <p>
 * The sweeps run on a Vert.x periodic timer, not the Quarkus scheduler: that scheduler looks at its triggers once a
 * second, so a period below a second (any interval under 20 s) would be stretched to a second and each slice pinged
 * once every 20 s, whatever the interval.
 */
@ApplicationScoped
public class HeartbeatMonitor {

    /** How many parts of the sessions the interval is cut into; each sweep takes one. */
    static final int SLICES = 20;

    @Inject
    SessionRegistry sessions;

    @Inject
    GatewayConfig config;

    @Inject
    Vertx vertx;

    /** The slice the next sweep takes; only the timer's handler touches it, always on the same event loop. */
    private int next;

    private long timer = -1;

    void start(@Observes StartupEvent event) {
        start();
    }

    /** Starts the sweeps: one every {@link #sweepEvery} of the configured interval, the slices in turn. */
    void start() {
        timer = vertx.setPeriodic(sweepEvery(config.heartbeat().interval()).toMillis(), id -> {
            sweep(System.nanoTime(), next);
            next = (next + 1) % SLICES;
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
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
     * Pings the sessions of {@code slice} that were heard from and closes those silent at {@code now}
     * ({@link System#nanoTime()}); returns how many it closes.
     */
    int sweep(long now, int slice) {
        long silence = config.heartbeat().interval().multipliedBy(config.heartbeat().maxMissed()).toNanos();
        Map<Executor, List<ClientSession>> ping = new HashMap<>();
        Map<Executor, List<ClientSession>> close = new HashMap<>();
        for (ClientSession session : sessions.all()) {
            if (sliceOf(session) != slice) {
                continue;
            }
            boolean silent = now - session.lastHeard() > silence;
            (silent ? close : ping).computeIfAbsent(session.loop(), loop -> new ArrayList<>()).add(session);
        }
        close.forEach((loop, silent) -> loop.execute(() -> silent.forEach(
                session -> session.close(CloseCodes.HEARTBEAT_TIMEOUT, "heartbeat timeout"))));
        ping.forEach((loop, heard) -> loop.execute(() -> heard.forEach(ClientSession::ping)));
        return close.values().stream().mapToInt(List::size).sum();
    }
}
