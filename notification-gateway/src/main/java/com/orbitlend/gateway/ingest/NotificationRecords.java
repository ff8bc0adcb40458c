package com.orbitlend.gateway.ingest;

import com.orbitlend.events.EventJson;
import com.orbitlend.events.InvalidEventException;
import com.orbitlend.events.notification.ClientEvent;
import com.orbitlend.events.notification.Notification;

/**
 * Reads and checks a record of the notifications topic, which producers other than the router may write
 * (README "Other producers"). The archiver dead-letters exactly what this refuses and the fan-out skips exactly
 * the same records, so the archive and the live streams agree. Deterministic: it depends on the record only.
 */
final class NotificationRecords {

    /** Width of the archive's event_id column. */
    static final int MAX_ID_LENGTH = 100;

    private NotificationRecords() {
    }

    static Notification parse(String key, String value) throws InvalidEventException {
        try {
            return check(key, value);
        } catch (InvalidEventException e) {
            throw e;
        } catch (RuntimeException e) {
            // whatever a producer wrote must never stop the archiver (its failure strategy is "fail")
            throw new InvalidEventException("Not a valid notification: " + e, e);
        }
    }

    private static Notification check(String key, String value) throws InvalidEventException {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("Empty notification record");
        }
        if (value.contains("\\u0000")) {
            // PostgreSQL's jsonb cannot store it: the archive would refuse the row for ever
            throw new InvalidEventException("Not a valid notification: contains a NUL character");
        }
        Notification notification;
        try {
            notification = EventJson.mapper().readValue(value, Notification.class);
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
        if (notification.id().length() > MAX_ID_LENGTH) {
            throw new InvalidEventException("Notification id longer than " + MAX_ID_LENGTH + " characters");
        }
        ClientEvent event = ClientEvent.fromName(notification.event())
                .orElseThrow(() -> new InvalidEventException("Unknown event '" + notification.event() + "'"));
        Object data;
        try {
            data = notification.data().isObject()
                    ? EventJson.mapper().treeToValue(notification.data(), event.dataClass())
                    : null;
        } catch (Exception e) {
            throw new InvalidEventException("Invalid data for " + event.eventName() + ": " + e.getMessage(), e);
        }
        if (data == null) {
            throw new InvalidEventException("Invalid data for " + event.eventName() + ": not a JSON object");
        }
        return notification;
    }
}
