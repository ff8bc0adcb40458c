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
 */
@Readiness
@ApplicationScoped
public class OutboxHealthCheck implements HealthCheck {

    private final OutboxPublisher publisher;
    private final OutboxRelay relay;

    OutboxHealthCheck(OutboxPublisher publisher, OutboxRelay relay) {
        this.publisher = publisher;
        this.relay = relay;
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
        return response.build();
    }
}
