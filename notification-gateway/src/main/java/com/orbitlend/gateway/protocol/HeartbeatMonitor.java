package com.orbitlend.gateway.protocol;

import com.orbitlend.gateway.config.GatewayConfig;
import com.orbitlend.gateway.delivery.ClientSession;
import com.orbitlend.gateway.delivery.CloseCodes;
import com.orbitlend.gateway.delivery.SessionRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;


/**
 * The heartbeat: every interval, pings each session that is still heard from, and closes (4408) the sessions
 * that stopped answering: nothing heard (no pong, no message) for {@code max-missed} intervals. One sweep for all
 * sessions rather than websockets-next's auto-ping, which keeps a periodic timer per connection.
 */
@ApplicationScoped
public class HeartbeatMonitor {

    @Inject
    SessionRegistry sessions;

    @Inject
    GatewayConfig config;

    @Scheduled(every = "${orbitlend.gateway.heartbeat.interval:20s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        sweep(System.nanoTime());
    }

    /** Pings the sessions heard from and closes those silent at {@code now} ({@link System#nanoTime()}); returns how many. */
    int sweep(long now) {
        long silence = config.heartbeat().interval().multipliedBy(config.heartbeat().maxMissed()).toNanos();
        int closed = 0;
        for (ClientSession session : sessions.all()) {
            if (now - session.lastHeard() > silence) {
                session.execute(() -> session.close(CloseCodes.HEARTBEAT_TIMEOUT, "heartbeat timeout"));
                closed++;
            } else {
                session.execute(session::ping);
            }
        }
        return closed;
    }
}
