package com.orbitlend.gateway.delivery;

import com.orbitlend.events.notification.Notification;

/** A notification as read from the notifications topic: its channel's partition and offset order it. */
public record Delivered(String channel, int partition, long offset, Notification notification) {

    public Position position() {
        return new Position(partition, offset);
    }
}
