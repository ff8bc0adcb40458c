package com.orbitlend.gateway.protocol;

import com.orbitlend.gateway.delivery.ClientSession;
import com.orbitlend.gateway.delivery.CloseCodes;
import com.orbitlend.gateway.delivery.SessionRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;

/**
 * Ends each session at its token's {@code exp} (I6), unless a refresh moved the deadline: one sweep a second over
 * the sessions rather than a timer per session (a timer is a few hundred bytes per connection, and the
 * deadline only needs to hold to the second).
 */
@ApplicationScoped
public class TokenExpiry {

    @Inject
    SessionRegistry sessions;

    /** The session ends at {@code expiresAt} (a refresh calls it again with the new token's). */
    public void schedule(ClientSession session, Instant expiresAt) {
        session.expiresAt(expiresAt.toEpochMilli());
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        sweep(System.currentTimeMillis());
    }

    /** Closes the sessions whose token has expired at {@code nowMillis}; returns how many. */
    int sweep(long nowMillis) {
        int closed = 0;
        for (ClientSession session : sessions.all()) {
            if (session.expiresAt() <= nowMillis) {
                session.execute(() -> session.close(CloseCodes.TOKEN_EXPIRED, "token expired"));
                closed++;
            }
        }
        return closed;
    }
}
