package com.orbitlend.gateway.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.events.EventJson;
import com.orbitlend.gateway.delivery.Delivered;
import com.orbitlend.gateway.delivery.ResumeService;

import java.time.Instant;
import java.util.List;

/** Server-to-client frames of the native JSON protocol (see README "Frames"). */
final class Frames {

    private Frames() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Welcome(String type, String sessionId, String userId, List<String> channels,
            long heartbeatIntervalSeconds, Instant expiresAt, String cursor) {
    }

    record Event(String type, String event, String channel, String id, String cursor, Instant timestamp,
            JsonNode data) {
    }

    record Pong(String type) {
    }

    record Refreshed(String type, Instant expiresAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Resumed(String type, boolean recovered, Integer replayed, String reason, String cursor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Error(String type, String code, String message, String channel) {
    }

    /** {@code subscribed} / {@code unsubscribed}: the session's cursor after the change. */
    record Subscription(String type, String channel, String cursor) {
    }

    static String welcome(String sessionId, String userId, List<String> channels, long heartbeatSeconds,
            Instant expiresAt, String cursor) {
        return EventJson.write(new Welcome("welcome", sessionId, userId, channels, heartbeatSeconds, expiresAt,
                cursor));
    }

    static String event(Delivered delivered, String cursor) {
        var n = delivered.notification();
        return EventJson.write(new Event("event", n.event(), n.channel(), n.id(), cursor, n.time(), n.data()));
    }

    static String pong() {
        return EventJson.write(new Pong("pong"));
    }

    static String refreshed(Instant expiresAt) {
        return EventJson.write(new Refreshed("refreshed", expiresAt));
    }

    /** {@code cursor}: the session's cursor before the replay (not recovered: where its live streams start). */
    static String resumed(ResumeService.Replay replay, String cursor) {
        return EventJson.write(new Resumed("resumed", replay.recovered(),
                replay.recovered() ? replay.missed().size() : null, replay.reason(), cursor));
    }

    static String error(ErrorCode code, String message) {
        return error(code, message, null);
    }

    static String error(ErrorCode code, String message, String channel) {
        return EventJson.write(new Error("error", code.wire(), message, channel));
    }

    static String subscribed(String channel, String cursor) {
        return EventJson.write(new Subscription("subscribed", channel, cursor));
    }

    static String unsubscribed(String channel, String cursor) {
        return EventJson.write(new Subscription("unsubscribed", channel, cursor));
    }
}
