package com.orbitlend.events.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.events.Require;

import java.time.Instant;

/**
 * A record of the notifications topic ({@link com.orbitlend.events.Topics#NOTIFICATIONS}), key = channel.
 * The gateway's router writes them from domain events; any other service may write them too.
 *
 * @param id unique per notification; within a channel, a repeated id is delivered once
 * @param channel the audience, see {@link Channel}
 * @param event a {@link ClientEvent} name, e.g. {@code loan:status}
 * @param data the event's payload, matching {@link ClientEvent#dataClass()}
 * @param time when the underlying change happened
 * @param sourceEventId the domain event it was derived from, if any (for tracing)
 */
public record Notification(String id, String channel, String event, JsonNode data, Instant time,
        String sourceEventId) {

    public Notification {
        Require.text(id, "id");
        Channel.parse(channel);
        Require.text(event, "event");
        Require.present(data, "data");
        Require.present(time, "time");
    }
}
