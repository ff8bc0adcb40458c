package com.orbitlend.gateway.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.InvalidEventException;
import com.orbitlend.events.notification.ClientEvent;
import com.orbitlend.events.notification.Notification;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads and checks a record of the notifications topic, which producers other than the router may write
 * (README "Other producers"). The archiver dead-letters exactly what this refuses and the fan-out skips exactly
 * the same records, so the archive and the live streams agree. Deterministic: it depends on the record only.
 *
 * <p>Besides the contract, it refuses what parses but could not be stored or read back: the archive writes the
 * notification re-serialized by {@link EventJson} into a jsonb column and a timestamptz column, and a resume
 * parses that JSON again. So a record is accepted only if its re-serialized form can be written (Jackson refuses
 * to write a number such as {@code 1e10000} as a plain decimal: its scale is beyond ±9999), parses again under the
 * mapper's limits (a number of more than 1000 digits, e.g. {@code 1e1000} written plainly, does not), holds no
 * NUL and no unpaired surrogate (jsonb refuses the first, UTF-8 cannot carry the second), and its {@code time}
 * lies within years 1 to 9999 (PostgreSQL's timestamptz ends in year 294276 and java.time and PostgreSQL
 * disagree on nothing in that range).
 */
public final class NotificationRecords {

    /** Width of the archive's event_id column. */
    static final int MAX_ID_LENGTH = 100;

    /** Largest accepted notification, in characters of its re-serialized JSON (a UI event, not a payload store). */
    static final int MAX_JSON_CHARS = 64 * 1024;

    /** Earliest and latest accepted {@code time}. */
    static final Instant MIN_TIME = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59.999999Z");

    /** A notification that passed every check, with the JSON the archive stores for it. */
    record Checked(Notification notification, String json) {
    }

    private NotificationRecords() {
    }

    static Notification parse(String key, String value) throws InvalidEventException {
        return check(key, value).notification();
    }

    /** Parses and checks a record; the returned JSON is what the archive stores (the re-serialized notification). */
    static Checked check(String key, String value) throws InvalidEventException {
        try {
            return doCheck(key, value);
        } catch (InvalidEventException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // whatever a producer wrote must never stop a consumer
            throw new InvalidEventException("Not a valid notification: " + e, e);
        }
    }

    /**
     * Checks a notification this gateway is about to publish (the router): accepted only if the archiver and the
     * fan-out would accept the record. Returns the record value to publish.
     */
    public static String checkOutgoing(Notification notification) throws InvalidEventException {
        String value;
        try {
            value = EventJson.write(notification);
        } catch (RuntimeException e) {
            throw new InvalidEventException("Not a valid notification: cannot be written as JSON: " + rootMessage(e), e);
        }
        try {
            EventJson.mapper().readTree(value);
        } catch (Exception e) {
            throw new InvalidEventException("Not a valid notification: cannot be read back once written: "
                    + rootMessage(e), e);
        }
        check(notification.channel(), value);
        return value;
    }

    private static Notification parseValue(String value) throws InvalidEventException {
        try {
            return EventJson.mapper().readValue(value, Notification.class);
        } catch (Exception e) {
            throw new InvalidEventException("Not a valid notification: " + e.getMessage(), e);
        }
    }

    private static Checked doCheck(String key, String value) throws InvalidEventException {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("Empty notification record");
        }
        if (value.indexOf('\u0000') >= 0 || value.contains("\\u0000")) {
            // PostgreSQL's jsonb and text cannot store it: the archive would refuse the row for ever
            throw new InvalidEventException("Not a valid notification: contains a NUL character");
        }
        Notification notification = parseValue(value);
        if (notification == null) {
            throw new InvalidEventException("Empty notification record");
        }
        if (!notification.channel().equals(key)) {
            // the partition of the channel orders it; a record keyed otherwise would break the cursor
            throw new InvalidEventException("Record key '" + shorten(key) + "' is not the channel "
                    + notification.channel());
        }
        if (notification.id().length() > MAX_ID_LENGTH) {
            throw new InvalidEventException("Notification id longer than " + MAX_ID_LENGTH + " characters");
        }
        ClientEvent event = ClientEvent.fromName(notification.event())
                .orElseThrow(() -> new InvalidEventException("Unknown event '" + shorten(notification.event()) + "'"));
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
        if (notification.time().isBefore(MIN_TIME) || notification.time().isAfter(MAX_TIME)) {
            throw new InvalidEventException("Notification time " + notification.time()
                    + " out of range (years 1 to 9999)");
        }
        String json;
        try {
            json = EventJson.write(notification);
        } catch (RuntimeException e) {
            // e.g. 1e10000: "Attempt to write plain `java.math.BigDecimal` ... with illegal scale (-10000)"
            throw new InvalidEventException("Not a valid notification: cannot be written back as JSON: "
                    + rootMessage(e), e);
        }
        if (json.length() > MAX_JSON_CHARS) {
            throw new InvalidEventException("Notification larger than " + MAX_JSON_CHARS + " characters");
        }
        if (hasUnpairedSurrogate(json)) {
            throw new InvalidEventException("Not a valid notification: contains an unpaired UTF-16 surrogate");
        }
        checkReadBack(notification.data());
        return new Checked(notification, json);
    }

    /**
     * What a resume reading the archived row would refuse, without parsing it again: the row is the notification
     * written by the same mapper that parsed it, so strings, names and nesting read back as they were read; only
     * a decimal written plainly can become longer than the mapper reads ({@code StreamReadConstraints}' number
     * length, 1000: {@code 1e1000} is 1001 digits once plain). Jackson counts the digits of a plain number, not its
     * sign or point, nor a lone leading {@code 0}.
     */
    private static void checkReadBack(JsonNode data) throws InvalidEventException {
        int maxDigits = EventJson.mapper().getFactory().streamReadConstraints().getMaxNumberLength();
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(data);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isContainerNode()) {
                node.elements().forEachRemaining(pending::push);
            } else if (node.isBigDecimal()) {
                int digits = plainDigits(node.decimalValue().toPlainString());
                if (digits > maxDigits) {
                    throw new InvalidEventException("Not a valid notification: cannot be read back once written: "
                            + "Number value length (" + digits + ") exceeds the maximum allowed (" + maxDigits + ")");
                }
            }
        }
    }

    /** The digits Jackson's parser counts in a plain decimal such as {@code -0.0012} (here 4). */
    static int plainDigits(String plain) {
        int start = plain.startsWith("-") ? 1 : 0;
        int point = plain.indexOf('.');
        int integerDigits = (point < 0 ? plain.length() : point) - start;
        int fractionDigits = point < 0 ? 0 : plain.length() - point - 1;
        boolean loneZero = integerDigits == 1 && plain.charAt(start) == '0';
        return (loneZero ? 0 : integerDigits) + fractionDigits;
    }

    private static boolean hasUnpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.toString() : root.getMessage();
        return shorten(message);
    }

    /** A producer's text quoted in a reason, cut to a readable length. */
    static String shorten(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
