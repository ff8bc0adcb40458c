package com.orbitlend.gateway.config;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Map;
import java.util.Set;

/**
 * One Vert.x event loop per available processor, instead of Quarkus' two: the gateway's loops only write frames
 * and answer small client messages, and every fan-out poll gives each loop a task (a wake-up on both sides), so
 * twice the loops on the same cores is twice the wake-ups for the same frames, while the fan-out thread, the
 * Kafka clients and the GC need those cores too. Measured in docs/gateway-delivery.md ("Event loops: one per
 * core"). A default only (ordinal {@value #ORDINAL}, below application.properties): {@code
 * quarkus.vertx.event-loops-pool-size} set anywhere else wins.
 */
public class EventLoopDefaults implements ConfigSource {

    static final String EVENT_LOOPS = "quarkus.vertx.event-loops-pool-size";
    static final int ORDINAL = 50;

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(EVENT_LOOPS);
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(EVENT_LOOPS, value());
    }

    @Override
    public String getValue(String propertyName) {
        return EVENT_LOOPS.equals(propertyName) ? value() : null;
    }

    @Override
    public String getName() {
        return "orbitlend-gateway-event-loop-defaults";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }

    /** The processors this JVM may use (a container's CPU limit included), at least one. */
    static String value() {
        return Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }
}
