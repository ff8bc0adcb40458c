package com.orbitlend.gateway.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.InvalidEventException;
import com.orbitlend.events.notification.Notification;
import org.junit.jupiter.api.Test;

import java.util.List;

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

    @Test
    void refusesWhatParsesButCouldNotBeArchivedOrReadBack() {
        // Jackson parses 1e10000 into a BigDecimal, but cannot write it plainly (scale -10000 is beyond +-9999)
        assertRefused("role:admin", record("n-1", "role:admin", "admin:notification",
                ALERT.replace("{\"node\":3}", "{\"node\":1e10000}")), "cannot be written back");
        // written plainly it has 1001 digits: more than the mapper reads back (a resume would fail on the row)
        assertRefused("role:admin", record("n-1", "role:admin", "admin:notification",
                ALERT.replace("{\"node\":3}", "{\"node\":1e1000}")), "cannot be read back");
        assertRefused("role:admin", withTime("2025-01-02T03:04:05Z").replace("{\"node\":3}",
                "{\"node\":" + "9".repeat(1001) + "}"), "Not a valid notification");
        assertRefused("role:admin", withTime("+300000-01-01T00:00:00Z"), "out of range");
        assertRefused("role:admin", withTime("-000001-06-01T00:00:00Z"), "out of range");
        assertRefused("role:admin", withTime("10000-01-01T00:00:00Z"), "Not a valid notification");
        assertRefused("role:admin", withTime("2025-01-02T03:04:05Z").replace("disk full", "nul " + '\0' + " raw"), "NUL");
        assertRefused("role:admin", record("n-1", "role:admin", "admin:notification",
                ALERT.replace("disk full", "lone \\ud800 surrogate")), "unpaired");
        assertRefused("role:admin", record("n-1", "role:admin", "admin:notification",
                ALERT.replace("disk full", "x".repeat(NotificationRecords.MAX_JSON_CHARS))), "larger than");
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertRefused("role:admin", "{\"id\":\"n\",\"channel\":\"role:admin\",\"event\":\"admin:notification\","
                + "\"time\":\"2025-01-02T03:04:05Z\",\"data\":" + deep + "}", "Not a valid notification");
        assertRefused("role:admin", "{\"id\":{\"a\":1},\"channel\":\"role:admin\",\"event\":\"admin:notification\","
                + "\"time\":\"2025-01-02T03:04:05Z\",\"data\":" + ALERT + "}", "Not a valid notification");
        assertRefused("role:admin", "{\"id\":\"n\",\"channel\":\"role:admin\",\"event\":\"admin:notification\","
                + "\"time\":true,\"data\":" + ALERT + "}", "Not a valid notification");
        assertRefused("role:admin", "{\"id\":\"n\",\"channel\":\"role:admin\",\"event\":\"admin:notification\","
                + "\"time\":1e30,\"data\":" + ALERT + "}", "Not a valid notification");
    }

    @Test
    void acceptsADecimalExactlyWhenItsArchivedFormReadsBack() {
        // the check counts digits instead of parsing the written JSON again: it must agree with a real read-back
        String z999 = "0".repeat(999);
        String z998 = "0".repeat(998);
        List<String> numbers = List.of("1" + z999, "-1" + z999, "1" + z999 + "0", "1e999", "-1e999", "1e1000",
                "1." + z999, "1." + z999 + "5", "0." + z999, "0." + z999 + "1", "-0." + z998 + "1", "5e-999", "5e-1000",
                "12" + z998 + ".5", "55." + "5".repeat(998), "55." + "5".repeat(999), "1.5e998", "1.5e999", "0", "-0.0",
                "123.456", "1e10000", "1e-10000");
        for (String number : numbers) {
            String value = withTime("2025-01-02T03:04:05Z").replace("{\"node\":3}", "{\"node\":" + number + "}");
            boolean readsBack;
            try {
                Notification parsed = EventJson.mapper().readValue(value, Notification.class);
                EventJson.mapper().readTree(EventJson.write(parsed));
                readsBack = true;
            } catch (Exception | Error e) {
                readsBack = false;
            }
            boolean accepted;
            try {
                NotificationRecords.check("role:admin", value);
                accepted = true;
            } catch (InvalidEventException e) {
                accepted = false;
            }
            assertThat(accepted).as(number.length() > 20 ? number.substring(0, 8) + "…(" + number.length() + ")" : number)
                    .isEqualTo(readsBack);
        }
        assertThat(NotificationRecords.plainDigits("-0.0012")).isEqualTo(4);
        assertThat(NotificationRecords.plainDigits("120.5")).isEqualTo(4);
    }

    @Test
    void acceptsTheEdgesOfWhatCanBeArchived() throws Exception {
        String value = withTime("0001-01-01T00:00:00Z").replace("{\"node\":3}", "{\"node\":1e999,\"s\":\"\ud83d\ude00\"}");
        NotificationRecords.Checked checked = NotificationRecords.check("role:admin", value);
        assertThat(checked.json()).contains("\"node\":1" + "0".repeat(999));
        assertThat(NotificationRecords.check("role:admin", withTime("9999-12-31T23:59:59Z")).notification().time())
                .isEqualTo(java.time.Instant.parse("9999-12-31T23:59:59Z"));
        // invalid UTF-8 bytes reach the gateway as U+FFFD (StringDeserializer): archived as such, by both consumers
        assertThat(NotificationRecords.check("role:admin", record("n-1", "role:admin", "admin:notification",
                ALERT.replace("disk full", "bad \uFFFD byte"))).json()).contains("bad \uFFFD byte");
    }

    @Test
    void theRouterPublishesOnlyWhatTheArchiverAccepts() throws Exception {
        Notification ok = NotificationRecords.parse("role:admin", record("n-1", "role:admin", "admin:notification", ALERT));
        assertThat(NotificationRecords.checkOutgoing(ok)).isEqualTo(EventJson.write(ok));
        Notification huge = new Notification("n-2", "role:admin", "admin:notification",
                EventJson.mapper().createObjectNode().put("type", "system_alert").put("message", "m")
                        .put("amount", new java.math.BigDecimal("1e10000")).put("timestamp", "2025-01-02T03:04:05Z"),
                java.time.Instant.parse("2025-01-02T03:04:05Z"), null);
        assertThatThrownBy(() -> NotificationRecords.checkOutgoing(huge)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("cannot be written");
        Notification late = new Notification("n-3", "role:admin", "admin:notification", ok.data(),
                java.time.Instant.parse("+300000-01-01T00:00:00Z"), null);
        assertThatThrownBy(() -> NotificationRecords.checkOutgoing(late)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("out of range");
    }

    private static String withTime(String time) {
        return "{\"id\":\"n-1\",\"channel\":\"role:admin\",\"event\":\"admin:notification\",\"time\":\"" + time
                + "\",\"data\":" + ALERT + "}";
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
