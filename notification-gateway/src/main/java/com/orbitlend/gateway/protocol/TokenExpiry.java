package com.orbitlend.gateway.protocol;

import com.orbitlend.gateway.delivery.ClientSession;
import com.orbitlend.gateway.delivery.CloseCodes;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Ends each session at its token's {@code exp} (I6), unless a refresh moved the deadline. */
@ApplicationScoped
class TokenExpiry {

    private final Map<String, Long> timers = new ConcurrentHashMap<>();

    @Inject
    Vertx vertx;

    void schedule(ClientSession session, Instant expiresAt) {
        long delay = Math.max(1, Duration.between(Instant.now(), expiresAt).toMillis());
        long timer = vertx.setTimer(delay, id -> {
            timers.remove(session.id(), id);
            session.execute(() -> session.close(CloseCodes.TOKEN_EXPIRED, "token expired"));
        });
        Long previous = timers.put(session.id(), timer);
        if (previous != null) {
            vertx.cancelTimer(previous);
        }
    }

    void cancel(String sessionId) {
        Long timer = timers.remove(sessionId);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }
}
