package com.orbitlend.kit.outbox;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;

/**
 * Reports the outbox backlog: pending rows, age of the oldest, and whether the relay is failing. Stays UP
 * while Kafka is down: the service still accepts changes safely (they wait in the outbox), so taking it out
 * of rotation would only turn a delay into an outage. Alert on {@code oldestPendingSeconds} instead.
 * {@code wakeUpListening} false means commits wait for the fallback poll (the wake-up listener reconnects).
 */
@Readiness
@ApplicationScoped
public class OutboxHealthCheck implements HealthCheck {

    private final OutboxPublisher publisher;
    private final OutboxRelay relay;
    private final OutboxWakeListener wakeListener;
    private final OutboxConfig config;

    OutboxHealthCheck(OutboxPublisher publisher, OutboxRelay relay, OutboxWakeListener wakeListener,
            OutboxConfig config) {
        this.publisher = publisher;
        this.relay = relay;
        this.wakeListener = wakeListener;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("outbox").up();
        try {
            OutboxPublisher.PendingStats stats = publisher.pendingStats();
            response.withData("pending", stats.count());
            if (stats.oldestCreatedAt() != null) {
                response.withData("oldestPendingSeconds",
                        Duration.between(stats.oldestCreatedAt(), Instant.now()).toSeconds());
            }
        } catch (RuntimeException e) {
            response.withData("pending", "unknown: " + e.getMessage());
        }
        Instant outageSince = relay.outageSince();
        if (outageSince != null) {
            response.withData("relayFailingSince", outageSince.toString());
        }
        if (config.enabled() && config.wakeUp().enabled()) {
            // false: commits are published by the fallback poll only, until the listener reconnects
            response.withData("wakeUpListening", wakeListener.listening());
        }
        return response.build();
    }
}
