package com.orbitlend.gateway.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.notification.Channel;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Encodes a session's cursor (channel -> last delivered position) as one opaque base64url string. Clients
 * store it and hand it back on resume; they must never interpret it. Layout: {@code v1:} + base64url of
 * {@code {"<channel>":[partition,offset],...}}.
 */
public final class CursorCodec {

    static final String VERSION = "v1:";
    /** Generous bound for a session's channels; anything larger is not one of ours. */
    static final int MAX_LENGTH = 4096;

    private CursorCodec() {
    }

    public static String encode(Map<String, Position> positions) {
        ObjectNode json = EventJson.mapper().createObjectNode();
        new TreeMap<>(positions).forEach((channel, p) -> json.putArray(channel).add(p.partition()).add(p.offset()));
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((VERSION + json).getBytes(StandardCharsets.UTF_8));
    }

    public static Map<String, Position> decode(String cursor) throws InvalidCursorException {
        if (cursor == null || cursor.isEmpty() || cursor.length() > MAX_LENGTH) {
            throw new InvalidCursorException("cursor is empty or too long");
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException("cursor is not base64url");
        }
        if (!text.startsWith(VERSION)) {
            throw new InvalidCursorException("unknown cursor version");
        }
        JsonNode json;
        try {
            json = EventJson.mapper().readTree(text.substring(VERSION.length()));
        } catch (Exception e) {
            throw new InvalidCursorException("cursor content is not readable");
        }
        if (json == null || !json.isObject()) {
            throw new InvalidCursorException("cursor content is not readable");
        }
        Map<String, Position> positions = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            positions.put(validChannel(entry.getKey()), position(entry.getValue()));
        }
        return positions;
    }

    private static String validChannel(String channel) throws InvalidCursorException {
        try {
            return Channel.parse(channel).toString();
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException("cursor names an invalid channel");
        }
    }

    private static Position position(JsonNode value) throws InvalidCursorException {
        if (!(value instanceof ArrayNode pair) || pair.size() != 2 || !pair.get(0).canConvertToInt()
                || !pair.get(0).isIntegralNumber() || !pair.get(1).isIntegralNumber()
                || !pair.get(1).canConvertToLong()) {
            throw new InvalidCursorException("cursor position is malformed");
        }
        try {
            return new Position(pair.get(0).intValue(), pair.get(1).longValue());
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException("cursor position is malformed");
        }
    }
}
