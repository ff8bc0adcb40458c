package com.orbitlend.gateway.feed;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One notification of the centre. {@code id}, {@code event}, {@code channel}, {@code pos}, {@code timestamp} and
 * {@code data} are those of the WebSocket event frame of the same notification, so a client merges the list with
 * the live stream by ({@code channel}, {@code id}).
 */
public record FeedItem(String id, String event, String channel, String pos, Instant timestamp, JsonNode data,
        boolean read) {
}
