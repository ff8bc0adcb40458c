package com.orbitlend.gateway.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.InvalidEventException;
import com.orbitlend.events.notification.Notification;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotificationRecordsTest {

    private static final String ALERT = "{\"type\":\"system_alert\",\"message\":\"disk full\",\"data\":{\"node\":3},"
            + "\"timestamp\":\"2025-01-02T03:04:05Z\"}";

    @Test
    void acceptsAnotherProducersValidNotification() throws Exception {
        Notification parsed = NotificationRecords.parse("role:admin", record("n-1", "role:admin", "admin:notification", ALERT));

        assertThat(parsed.event()).isEqualTo("admin:notification");
        assertThat(parsed.data().path("message").asText()).isEqualTo("disk full");
        assertThat(parsed.sourceEventId()).isNull();
    }

    @Test
    void refusesEachBreachOfTheContractWithItsReason() {
        assertRefused("role:admin", null, "Empty notification record");
        assertRefused("role:admin", " ", "Empty notification record");
        assertRefused("role:admin", "{not json", "Not a valid notification");
        assertRefused("role:admin", "[1,2]", "Not a valid notification");
        assertRefused("role:admin", "null", "Empty notification record");
        assertRefused("user:bob", record("n-1", "role:admin", "admin:notification", ALERT), "is not the channel");
        assertRefused(null, record("n-1", "role:admin", "admin:notification", ALERT), "is not the channel");
        assertRefused("role:admin", record("n-1", "role:admin", "admin:explosion", ALERT), "Unknown event 'admin:explosion'");
        assertRefused("role:admin", record("n-1", "role:admin", "loan:status", ALERT), "Invalid data for loan:status");
        assertRefused("role:admin", record("n-1", "role:admin", "admin:notification",
                "{\"type\":\"gossip\",\"message\":\"x\",\"timestamp\":\"2025-01-02T03:04:05Z\"}"),
                "Invalid data for admin:notification");
        assertRefused("role:admin", record("n-1", "role:admin", "admin:notification", "\"just text\""),
                "not a JSON object");
        assertRefused("role:admin", record("n-1", "role:admin", "admin:notification", "null"), "not a JSON object");
        assertRefused("nope", record("n-1", "nope", "admin:notification", ALERT), "Not a valid notification");
        assertRefused("role:admin", record("x".repeat(101), "role:admin", "admin:notification", ALERT), "longer than 100");
        assertRefused("role:admin", record("n-1", "role:admin", "admin:notification",
                ALERT.replace("disk full", "nul \\u0000 byte")), "NUL");
    }

    private static void assertRefused(String key, String value, String reason) {
        assertThatThrownBy(() -> NotificationRecords.parse(key, value)).as(value)
                .isInstanceOf(InvalidEventException.class).hasMessageContaining(reason);
    }

    static String record(String id, String channel, String event, String dataJson) {
        try {
            ObjectNode json = EventJson.mapper().createObjectNode().put("id", id).put("channel", channel)
                    .put("event", event).put("time", "2025-01-02T03:04:05Z");
            json.set("data", EventJson.mapper().readTree(dataJson));
            return json.toString();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
