package com.orbitlend.gateway.ingest;

import com.orbitlend.events.EventJson;
import com.orbitlend.events.InvalidEventException;
import com.orbitlend.events.notification.ClientEvent;
import com.orbitlend.events.notification.Notification;

import java.util.Optional;

/** Reads and checks a record of the notifications topic, which producers other than the router may write. */
final class NotificationRecords {

    private NotificationRecords() {
    }

    static Notification parse(String key, String value) throws InvalidEventException {
        Notification notification;
        try {
            notification = value == null ? null : EventJson.mapper().readValue(value, Notification.class);
        } catch (Exception e) {
            throw new InvalidEventException("Not a valid notification: " + e.getMessage(), e);
        }
        if (notification == null) {
            throw new InvalidEventException("Empty notification record");
        }
        if (!notification.channel().equals(key)) {
            // the partition of the channel orders it; a record keyed otherwise would break the cursor
            throw new InvalidEventException("Record key '" + key + "' is not the channel " + notification.channel());
        }
        Optional<ClientEvent> known = ClientEvent.fromName(notification.event());
        if (known.isPresent()) {
            try {
                EventJson.mapper().treeToValue(notification.data(), known.get().dataClass());
            } catch (Exception e) {
                throw new InvalidEventException("Invalid data for " + notification.event() + ": " + e.getMessage(), e);
            }
        }
        return notification;
    }
}
