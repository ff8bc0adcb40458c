package com.orbitlend.gateway.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.events.EventJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.orbitlend.gateway.delivery.Delivered;
import com.orbitlend.gateway.delivery.FrameVariants;
import com.orbitlend.gateway.delivery.OutboundFrame;
import com.orbitlend.gateway.delivery.Position;
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

    /** {@code pos}: the channel's position of this frame; the client keeps the last one per channel. */
    record Event(String type, String event, String channel, String id, String pos, Instant timestamp,
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

    /** The event frame of a record: its bytes depend on the record only, so one copy serves every session. */
    static OutboundFrame event(Delivered delivered) {
        return event(delivered, null);
    }

    /** The same, with the frame's encodings for other protocols. */
    static OutboundFrame event(Delivered delivered, FrameVariants variants) {
        var n = delivered.notification();
        Position position = delivered.position();
        try {
            byte[] bytes = EventJson.mapper().writeValueAsBytes(
                    new Event("event", n.event(), n.channel(), n.id(), position.wire(), n.time(), n.data()));
            return new OutboundFrame(delivered.channel(), position, n.id(), bytes, WireFrames.text(bytes),
                    variants);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode notification " + n.id(), e);
        }
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
                replay.recovered() ? Math.toIntExact(replay.total()) : null, replay.reason(), cursor));
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
