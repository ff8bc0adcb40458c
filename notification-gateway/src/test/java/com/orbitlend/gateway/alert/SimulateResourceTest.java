package com.orbitlend.gateway.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.Topics;
import com.orbitlend.events.notification.AdminNotificationData;
import com.orbitlend.events.notification.Notification;
import com.orbitlend.gateway.GatewaySocketTest;
import com.orbitlend.gateway.GatewayTestProfile;
import com.orbitlend.testkit.jwt.TestJwt;
import com.orbitlend.testkit.kafka.TestTopics;
import com.orbitlend.testkit.ws.TestSocket;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

/** "Simulate event": an admin's system alert through the notifications topic to the admins, and its refusals. */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class SimulateResourceTest extends GatewaySocketTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void adminAlertIsPublishedUnderTheContractDeliveredLiveAndListed() throws Exception {
        String admin = "sim-admin-" + UUID.randomUUID();
        try (TestSocket otherAdmin = TestSocket.connect(ws, TestJwt.token("sim-watcher-" + UUID.randomUUID(),
                "user", "admin")); TestSocket user = TestSocket.connect(ws, TestJwt.token("sim-user", "user"))) {
            String message = "Hot wallet low " + UUID.randomUUID();
            String id = as(admin, "user", "admin").body(Map.of("message", message, "severity", "critical"))
                    .post("/api/admin/simulate").then().statusCode(202)
                    .body("id", notNullValue()).extract().path("id");

            // on the topic exactly as another producer writes it: key = channel, value = the contract's record
            ConsumerRecord<String, String> record = TestTopics.awaitRecord(Topics.NOTIFICATIONS,
                    r -> r.value() != null && r.value().contains(id));
            assertThat(record.key()).isEqualTo("role:admin");
            Notification notification = EventJson.mapper().readValue(record.value(), Notification.class);
            assertThat(notification.id()).isEqualTo(id);
            assertThat(notification.channel()).isEqualTo("role:admin");
            assertThat(notification.event()).isEqualTo("admin:notification");
            AdminNotificationData data = EventJson.mapper().treeToValue(notification.data(),
                    AdminNotificationData.class);
            assertThat(data.type()).isEqualTo(AdminNotificationData.Type.SYSTEM_ALERT);
            assertThat(data.message()).isEqualTo(message);
            assertThat(data.data().path("severity").asText()).isEqualTo("critical");
            assertThat(data.data().path("requestedBy").asText()).isEqualTo(admin);

            // live to every admin session, never to a user's
            JsonNode frame = otherAdmin.awaitEvent("admin:notification", "message", message);
            assertThat(frame.path("id").asText()).isEqualTo(id);
            assertThat(frame.path("channel").asText()).isEqualTo("role:admin");
            assertThat(frame.path("data").path("type").asText()).isEqualTo("system_alert");

            // and in the admins' notification centre, unread
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    as(admin, "user", "admin").queryParam("limit", 200).get("/api/notifications").then()
                            .statusCode(200).body("items.id", hasItem(id)));
            as(admin, "user", "admin").queryParam("limit", 200).get("/api/notifications").then()
                    .body("items.find { it.id == '%s' }.read".formatted(id), equalTo(false))
                    .body("items.find { it.id == '%s' }.data.message".formatted(id), equalTo(message));
            assertThat(user.events("admin:notification")).isEmpty();
        }
    }

    @Test
    void severityDefaultsToInfo() throws Exception {
        String message = "default severity " + UUID.randomUUID();
        String id = as("sim-admin", "admin").body(Map.of("message", message)).post("/api/admin/simulate").then()
                .statusCode(202).extract().path("id");
        ConsumerRecord<String, String> record = TestTopics.awaitRecord(Topics.NOTIFICATIONS,
                r -> r.value() != null && r.value().contains(id));
        assertThat(EventJson.mapper().readTree(record.value()).at("/data/data/severity").asText()).isEqualTo("info");
    }

    @Test
    void onlyAdminsMaySimulate() {
        as("sim-borrower", "user").body(Map.of("message", "hi", "severity", "info")).post("/api/admin/simulate")
                .then().statusCode(403).contentType(PROBLEM).body("status", equalTo(403));
        given().contentType("application/json").body(Map.of("message", "hi")).post("/api/admin/simulate").then()
                .statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(TestJwt.tokenSignedByOtherKey("x", "admin")).contentType("application/json")
                .body(Map.of("message", "hi")).post("/api/admin/simulate").then().statusCode(401)
                .contentType(PROBLEM);
    }

    @Test
    void badInputIsRefusedAndNothingIsPublished() {
        String marker = "refused-" + UUID.randomUUID();
        List<String> bodies = List.of(
                "{}",
                "{\"message\":\"   \"}",
                "{\"message\":\"" + marker + "x".repeat(SimulateRequest.MAX_MESSAGE_LENGTH) + "\"}",
                "{\"message\":\"" + marker + " nul \\u0000\"}",
                "{\"message\":\"" + marker + " bell \\u0007\"}",
                "{\"message\":\"" + marker + "\",\"severity\":\"loud\"}",
                "{\"message\":\"" + marker + "\",\"severity\":\"INFO\"}",
                "{\"message\":\"" + marker + " lone \\ud800\"}",
                "{\"message\":[\"" + marker + "\"]}",
                "{\"message\":\"" + marker,
                "");
        for (String body : bodies) {
            as("sim-admin", "admin").body(body).post("/api/admin/simulate").then()
                    .statusCode(400).contentType(PROBLEM).body("status", equalTo(400))
                    .body("instance", equalTo("/api/admin/simulate"));
        }
        as("sim-admin", "admin").body("{\"message\":\"" + marker + " bell \\u0007\"}").post("/api/admin/simulate")
                .then().body("errors[0].field", containsString("message"));
        String after = "after-" + UUID.randomUUID();
        as("sim-admin", "admin").body(Map.of("message", after, "severity", "warning")).post("/api/admin/simulate")
                .then().statusCode(202);
        // everything published since is read up to the accepted alert: none of the refused bodies is there
        TestTopics.awaitRecord(Topics.NOTIFICATIONS, r -> r.value() != null && r.value().contains(after));
        assertThat(TestTopics.readAll(Topics.NOTIFICATIONS)).noneMatch(r -> r.value() != null
                && r.value().contains(marker));
    }

    private static RequestSpecification as(String user, String... groups) {
        return given().auth().oauth2(TestJwt.token(user, groups)).contentType("application/json");
    }
}
