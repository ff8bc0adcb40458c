package com.orbitlend.gateway.delivery;

/**
 * A text frame ready for the wire, built once and shared by every session it goes to. An event frame knows its
 * channel and position (its bytes depend on the record only, so one copy serves every session of the channel);
 * a control frame (welcome, pong, error, …) belongs to one session and has no channel.
 */
public record OutboundFrame(String channel, Position position, String notificationId, byte[] bytes) {

    public static OutboundFrame control(byte[] bytes) {
        return new OutboundFrame(null, null, null, bytes);
    }

    public boolean isEvent() {
        return channel != null;
    }

    public int size() {
        return bytes.length;
    }
}
