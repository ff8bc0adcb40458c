package com.orbitlend.gateway.config;

import com.orbitlend.events.Topics;
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

    /**
     * The notifications topic: the fan-out reads it, the archiver archives it, the router and system alerts write
     * it. The Reactive Messaging channels take their topic from this one setting.
     */
    @WithDefault(Topics.NOTIFICATIONS)
    String notificationsTopic();

    /** Names of the {@code public:<name>} channels a session may subscribe to by message. */
    @WithDefault("marketplace")
    Set<String> publicChannels();

    Delivery delivery();

    FanOut fanOut();

    Router router();

    Protocol protocol();

    Heartbeat heartbeat();

    Archive archive();

    Limits limits();

    interface Limits {

        /** Open connections one user may hold on a replica; one more is closed with 4409. */
        @WithDefault("20")
        int connectionsPerUser();

        /** Open connections from one client address on a replica; one more is closed with 4409. */
        @WithDefault("10000")
        int connectionsPerAddress();

        /** Client messages per second per session, on average; more are answered {@code rate_limited}. */
        @WithDefault("20")
        int messagesPerSecond();

        /** Client messages a session may send in a burst above the average rate. */
        @WithDefault("40")
        int messageBurst();

        /**
         * WebSocket handshakes running or waiting for their turn at once (a reconnect storm); one more is answered
         * 503 with {@code Retry-After}, and the client backs off.
         */
        @WithDefault("10000")
        int pendingHandshakes();

        /**
         * WebSocket handshakes (token verification, upgrade, session opening and resume) running at once; the others
         * wait their turn in arrival order with their request paused, so a reconnect storm never queues more than
         * this many handshakes' work on the event loops (protocol.HandshakeGate).
         */
        @WithDefault("64")
        int handshakeConcurrency();

        /**
         * How long a handshake may run once its turn came (verification, upgrade, opening) before it is abandoned and
         * its connection closed, so that a client that stalls cannot keep a place of {@link #handshakeConcurrency()}.
         */
        @WithDefault("10s")
        Duration handshakeTimeout();
    }

    interface Delivery {

        /**
         * Frames a session may have waiting while its connection takes no more (beyond the transport's own write
         * buffer); one more closes it as a slow consumer (I5). Also bounds a resume's replay.
         */
        @WithDefault("256")
        int queueCapacity();

        /** Bytes of frames a session may have waiting; more closes it as a slow consumer (I5). */
        @WithDefault("1048576")
        long queueBytes();

        /**
         * (channel, notification id) pairs remembered per partition by the fan-out, to drop a notification
         * published twice before any session sees it (I2); once per replica, not per session.
         */
        @WithDefault("4096")
        int dedupWindow();

        /** Resumes reading the archive at the same time; more wait their turn in arrival order. */
        @WithDefault("4")
        int resumeConcurrency();

        /**
         * Estimated bytes of recently dispatched frames kept in memory (all partitions together) so that a resume
         * whose gap lies within them is answered without the archive ({@code RecentFrames}).
         */
        @WithDefault("67108864")
        long replayWindowBytes();

        /** How long a resume waits for the archive to catch up with the live stream before giving up. */
        @WithDefault("15s")
        Duration resumeWait();
    }

    /**
     * The fan-out's own Kafka consumer ({@code ingest.FanOutReader}): it reads every partition of {@link #notificationsTopic()}, assigned
     * by itself (no group, no commits); connection and security settings come from {@code kafka.*} like every other
     * client's.
     */
    interface FanOut {

        /**
         * How long the broker may hold a fetch to gather {@link #fetchMinBytes()}: at a trickle of records, fewer
         * polls (and event-loop tasks) per record for at most this much latency.
         */
        @WithDefault("5ms")
        Duration fetchMaxWait();

        /** Bytes a fetch waits for, up to {@link #fetchMaxWait()}. */
        @WithDefault("65536")
        int fetchMinBytes();

        /** Records per poll, so per batch handed to the event loops. */
        @WithDefault("2000")
        int maxPollRecords();

        /** How often the topic's partition count is checked; partitions added later are read from their start. */
        @WithDefault("30s")
        Duration partitionCheckInterval();
    }

    /**
     * The router's own Kafka consumer and producer ({@code ingest.DomainEventRouter}): group
     * {@code notification-gateway-router} over {@link #domainTopics()}, shared by all replicas; connection and
     * security settings come from {@code kafka.*}.
     */
    interface Router {

        /**
         * How long the group waits for a replica that stopped heart-beating (a crash) before its partitions move to
         * the others; Kafka's default is 45 s.
         */
        @WithDefault("10s")
        Duration sessionTimeout();

        /** Domain records per poll: routed together, their notifications sent together, committed together. */
        @WithDefault("500")
        int maxPollRecords();

        /**
         * How long a routed notification may wait for Kafka's acknowledgement (the producer's delivery timeout)
         * before the record is routed again, after a backoff.
         */
        @WithDefault("30s")
        Duration sendTimeout();
    }

    interface Protocol {

        /** Largest client message the application answers; larger ones get a {@code message_too_large} error. */
        @WithDefault("8192")
        int maxClientMessageBytes();
    }

    interface Heartbeat {

        /** Interval of server pings (HeartbeatMonitor sends them). */
        @WithDefault("20s")
        Duration interval();

        /** Pings in a row left unanswered (no pong, no message) after which the session is closed with 4408. */
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
