package com.orbitlend.gateway.protocol;

import com.orbitlend.gateway.config.GatewayConfig;
import com.orbitlend.gateway.delivery.ClientSession;
import com.orbitlend.gateway.delivery.CloseCodes;
import com.orbitlend.gateway.delivery.SessionRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;

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
        sweep(Instant.now());
    }

    /** Closes the silent sessions; returns how many. */
    int sweep(Instant now) {
        Instant deadline = now.minus(config.heartbeat().interval().multipliedBy(config.heartbeat().maxMissed()));
        int closed = 0;
        for (ClientSession session : sessions.all()) {
            if (session.lastHeard().isBefore(deadline)) {
                session.close(CloseCodes.HEARTBEAT_TIMEOUT, "heartbeat timeout");
                closed++;
            }
        }
        return closed;
    }
}
