package com.orbitlend.gateway.delivery;

import java.nio.ByteBuffer;

/**
 * A text frame ready for the wire, built once and shared by every session it goes to. An event frame knows its
 * channel and position (its bytes depend on the record only, so one copy serves every session of the channel);
 * a control frame (welcome, pong, error, …) belongs to one session and has no channel. {@code wire}, when the
 * protocol adapter prepared it, is the whole encoded WebSocket frame in direct memory, which every connection
 * writes as it is (read-only; duplicate it to write). {@code variants}, if any, are the same frame in other wire
 * protocols, built once per frame on first use (see {@link FrameVariants}); {@code bytes} also sizes the queue.
 */
public record OutboundFrame(String channel, Position position, String notificationId, byte[] bytes, ByteBuffer wire,
        FrameVariants variants) {

    public OutboundFrame(String channel, Position position, String notificationId, byte[] bytes) {
        this(channel, position, notificationId, bytes, null, null);
    }

    public OutboundFrame(String channel, Position position, String notificationId, byte[] bytes, ByteBuffer wire) {
        this(channel, position, notificationId, bytes, wire, null);
    }

    public static OutboundFrame control(byte[] bytes) {
        return new OutboundFrame(null, null, null, bytes, null, null);
    }

    public boolean isEvent() {
        return channel != null;
    }

    public int size() {
        return bytes.length;
    }
}
