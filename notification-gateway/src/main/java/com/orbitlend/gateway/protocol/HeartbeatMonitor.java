package com.orbitlend.gateway.protocol;

import com.orbitlend.gateway.config.GatewayConfig;
import com.orbitlend.gateway.delivery.ClientSession;
import com.orbitlend.gateway.delivery.CloseCodes;
import com.orbitlend.gateway.delivery.SessionRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;


/**
 * Closes sessions that stopped answering the server's pings (sent every heartbeat interval by
 * websockets-next auto-ping): nothing heard for {@code max-missed} intervals.
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

    /** Closes the sessions silent at {@code now} ({@link System#nanoTime()}); returns how many. */
    int sweep(long now) {
        long silence = config.heartbeat().interval().multipliedBy(config.heartbeat().maxMissed()).toNanos();
        int closed = 0;
        for (ClientSession session : sessions.all()) {
            if (now - session.lastHeard() > silence) {
                session.execute(() -> session.close(CloseCodes.HEARTBEAT_TIMEOUT, "heartbeat timeout"));
                closed++;
            }
        }
        return closed;
    }
}
