package com.orbitlend.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Tunables of the gateway; every property has a safe default. */
@ConfigMapping(prefix = "orbitlend.gateway")
public interface GatewayConfig {

    /** Domain topics the router maps to notifications (CloudEvents, structured JSON). */
    @WithDefault("orbitlend.loan.events,orbitlend.kyc.events,orbitlend.marketplace.events")
    List<String> domainTopics();

    /** Names of the {@code public:<name>} channels a session may subscribe to by message. */
    @WithDefault("marketplace")
    Set<String> publicChannels();

    Delivery delivery();

    Protocol protocol();

    Heartbeat heartbeat();

    Archive archive();

    interface Delivery {

        /** Frames a session may have waiting; one more closes it as a slow consumer (I5). */
        @WithDefault("256")
        int queueCapacity();

        /** Notification ids remembered per session and channel to drop redelivered duplicates (I2). */
        @WithDefault("1024")
        int dedupWindow();

        /** How long a resume waits for the archive to catch up with the live stream before giving up. */
        @WithDefault("15s")
        Duration resumeWait();
    }

    interface Protocol {

        /** Largest client message the application answers; larger ones get a {@code message_too_large} error. */
        @WithDefault("8192")
        int maxClientMessageBytes();
    }

    interface Heartbeat {

        /** Interval of server pings; keep equal to quarkus.websockets-next.server.auto-ping-interval. */
        @WithDefault("20s")
        Duration interval();

        /** Intervals without any pong or message after which the session is closed. */
        @WithDefault("2")
        int maxMissed();
    }

    interface Archive {

        /** How long archived notifications stay resumable; an older cursor is answered "expired". */
        @WithDefault("7d")
        Duration retention();

        /** How often the prune runs (also read by its schedule). */
        @WithDefault("1h")
        Duration pruneInterval();

        /** Rows deleted per prune transaction. */
        @WithDefault("1000")
        int pruneBatchSize();

        /** How often the archive-lag gauge is recomputed (also read by its schedule). */
        @WithDefault("15s")
        Duration lagInterval();
    }
}
