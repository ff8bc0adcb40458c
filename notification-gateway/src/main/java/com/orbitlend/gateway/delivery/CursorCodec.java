package com.orbitlend.gateway.delivery;

import com.orbitlend.events.notification.Channel;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * A session's cursor (channel -> last delivered position) as one string a client can build itself: {@code v2}
 * followed by {@code ,<channel>=<partition>:<offset>} per channel, e.g.
 * {@code v2,role:user=0:17,user:alice=1:4711}. Event frames carry only their own channel's position
 * ({@code pos}); the client keeps the map and sends it back on resume. Channel names cannot contain {@code ,}
 * or {@code =}. The first protocol's cursors (base64url of {@code v1:{…}}) are recognised so that they are
 * answered {@code outdated_cursor} rather than {@code invalid_cursor}.
 */
public final class CursorCodec {

    static final String VERSION = "v2";
    /** Generous bound for a session's channels; anything larger is not one of ours. */
    static final int MAX_LENGTH = 4096;

    private CursorCodec() {
    }

    public static String encode(Map<String, Position> positions) {
        StringJoiner cursor = new StringJoiner(",");
        cursor.add(VERSION);
        new TreeMap<>(positions).forEach((channel, p) -> cursor.add(channel + "=" + p.wire()));
        return cursor.toString();
    }

    public static Map<String, Position> decode(String cursor) throws InvalidCursorException {
        if (cursor == null || cursor.isEmpty() || cursor.length() > MAX_LENGTH) {
            throw new InvalidCursorException("cursor is empty or too long");
        }
        if (isFirstProtocol(cursor)) {
            throw new InvalidCursorException.Outdated();
        }
        String[] entries = cursor.split(",", -1);
        if (!VERSION.equals(entries[0])) {
            throw new InvalidCursorException("unknown cursor version");
        }
        Map<String, Position> positions = new TreeMap<>();
        for (int i = 1; i < entries.length; i++) {
            int eq = entries[i].lastIndexOf('=');
            if (eq <= 0) {
                throw new InvalidCursorException("cursor entry is not <channel>=<partition>:<offset>");
            }
            String channel = validChannel(entries[i].substring(0, eq));
            try {
                if (positions.put(channel, Position.parse(entries[i].substring(eq + 1))) != null) {
                    throw new InvalidCursorException("cursor names a channel twice");
                }
            } catch (IllegalArgumentException e) {
                throw new InvalidCursorException("cursor position is malformed");
            }
        }
        return positions;
    }

    /** A cursor of the first protocol: base64url of {@code v1:{"<channel>":[partition,offset],…}}. */
    private static boolean isFirstProtocol(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).startsWith("v1:{");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String validChannel(String channel) throws InvalidCursorException {
        try {
            return Channel.parse(channel).toString();
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException("cursor names an invalid channel");
        }
    }
}
