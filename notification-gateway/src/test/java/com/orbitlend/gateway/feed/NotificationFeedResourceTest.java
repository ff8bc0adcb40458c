package com.orbitlend.gateway.feed;

import com.orbitlend.events.EventJson;
import com.orbitlend.events.Topics;
import com.orbitlend.events.notification.Notification;
import com.orbitlend.gateway.GatewaySocketTest;
import com.orbitlend.gateway.GatewayTestProfile;
import com.orbitlend.testkit.jwt.TestJwt;
import com.orbitlend.testkit.kafka.TestTopics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The notification centre against the real archive: notifications go through Kafka and the archiver; each test
 * uses users and role groups of its own, so the shared application boot does not mix their counts.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class NotificationFeedResourceTest extends GatewaySocketTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void listsOnlyTheCallersChannelsNewestFirstWithUnreadCount() {
        String alice = "feed-alice-" + UUID.randomUUID();
        String bob = "feed-bob-" + UUID.randomUUID();
        String team = "team-" + UUID.randomUUID();
        String first = publishAndAwait(alice, team, "user:" + alice, loanStatus(alice, "approved"));
        String second = publishAndAwait(alice, team, "role:" + team, systemAlert("Role notice"));
        String toBob = publishAndAwait(bob, "user", "user:" + bob, loanStatus(bob, "rejected"));
        // another group's role channel, never alice's
        publishAndAwait("someone", "other-" + team, "role:other-" + team, systemAlert("Not for alice"));

        var page = as(alice, team).get("/api/notifications").then().statusCode(200)
                .body("unread", equalTo(2))
                .body("items.size()", equalTo(2))
                .body("items[0].id", equalTo(second))
                .body("items[0].channel", equalTo("role:" + team))
                .body("items[0].event", equalTo("admin:notification"))
                .body("items[0].data.type", equalTo("system_alert"))
                .body("items[0].data.message", equalTo("Role notice"))
                .body("items[0].read", equalTo(false))
                .body("items[1].id", equalTo(first))
                .body("items[1].event", equalTo("loan:status"))
                .body("items[1].data.status", equalTo("approved"))
                .body("items[1].data.userId", equalTo(alice))
                .extract();
        assertThat(page.<String>path("items[1].pos")).matches("\\d+:\\d+");
        assertThat(Instant.parse(page.path("items[1].timestamp"))).isNotNull();
        as(alice, team).get("/api/notifications/unread-count").then().statusCode(200).body("unread", equalTo(2));

        // bob sees his own only, and alice's ids do not page his list
        as(bob, "user").get("/api/notifications").then().statusCode(200)
                .body("items.id", equalTo(List.of(toBob)));
        as(bob, "user").queryParam("before", second).get("/api/notifications").then().statusCode(400)
                .contentType(PROBLEM);
    }

    @Test
    void pagesWithLimitAndBefore() {
        String user = "feed-pager-" + UUID.randomUUID();
        String a = publishAndAwait(user, "user", "user:" + user, loanStatus(user, "approved"));
        String b = publishAndAwait(user, "user", "user:" + user, loanStatus(user, "rejected"));
        String c = publishAndAwait(user, "user", "user:" + user, loanStatus(user, "approved"));

        as(user, "user").queryParam("limit", 2).get("/api/notifications").then().statusCode(200)
                .body("items.id", equalTo(List.of(c, b))).body("unread", equalTo(3));
        as(user, "user").queryParam("limit", 2).queryParam("before", b).get("/api/notifications").then()
                .statusCode(200).body("items.id", equalTo(List.of(a)));
        as(user, "user").queryParam("before", a).get("/api/notifications").then()
                .statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void badQueriesAreProblems() {
        String user = "feed-bad-" + UUID.randomUUID();
        for (String limit : List.of("0", "201", "-1", "abc", "1.5", "%20")) {
            as(user, "user").urlEncodingEnabled(false).queryParam("limit", limit).get("/api/notifications").then()
                    .statusCode(400)
                    .contentType(PROBLEM).body("status", equalTo(400)).body("detail", containsString("limit"))
                    .body("instance", equalTo("/api/notifications"));
        }
        as(user, "user").queryParam("limit", 200).get("/api/notifications").then().statusCode(200);
        as(user, "user").queryParam("before", "no-such-id").get("/api/notifications").then().statusCode(400)
                .contentType(PROBLEM).body("detail", containsString("before"));
        as(user, "user").queryParam("before", "x".repeat(101)).get("/api/notifications").then().statusCode(400)
                .contentType(PROBLEM);
    }

    @Test
    void markReadByIdAndAllIsPerUser() {
        String admin1 = "feed-admin1-" + UUID.randomUUID();
        String admin2 = "feed-admin2-" + UUID.randomUUID();
        String admins = "admins-" + UUID.randomUUID();
        String role = "role:" + admins;
        String n1 = publishAndAwait(admin1, admins, role, systemAlert("one"));
        String n2 = publishAndAwait(admin1, admins, role, systemAlert("two"));
        String other = "feed-other-" + UUID.randomUUID();
        String notMine = publishAndAwait(other, "user", "user:" + other, loanStatus(other, "approved"));

        // by id: read for admin1 only; an id outside admin1's channels is ignored
        as(admin1, admins).body(Map.of("ids", List.of(n1, notMine, "unknown-id"))).post("/api/notifications/read")
                .then().statusCode(204);
        as(admin1, admins).get("/api/notifications").then().statusCode(200).body("unread", equalTo(1))
                .body("items.find { it.id == '%s' }.read".formatted(n1), equalTo(true))
                .body("items.find { it.id == '%s' }.read".formatted(n2), equalTo(false));
        as(admin2, admins).get("/api/notifications/unread-count").then().body("unread", equalTo(2));
        as(other, "user").get("/api/notifications").then().body("unread", equalTo(1))
                .body("items[0].read", equalTo(false));

        // twice is fine
        as(admin1, admins).body(Map.of("ids", List.of(n1))).post("/api/notifications/read").then().statusCode(204);

        // all: everything so far; a later notification is unread again
        as(admin1, admins).body(Map.of("all", true)).post("/api/notifications/read").then().statusCode(204);
        as(admin1, admins).get("/api/notifications").then().body("unread", equalTo(0))
                .body("items.read", equalTo(List.of(true, true)));
        String n3 = publishAndAwait(admin1, admins, role, systemAlert("three"));
        as(admin1, admins).get("/api/notifications").then().body("unread", equalTo(1))
                .body("items[0].id", equalTo(n3)).body("items[0].read", equalTo(false));
        as(admin2, admins).get("/api/notifications/unread-count").then().body("unread", equalTo(3));
    }

    @Test
    void badReadBodiesAreProblems() {
        String user = "feed-badread-" + UUID.randomUUID();
        List<Object> bodies = List.of(Map.of(), Map.of("all", false), Map.of("ids", List.of()),
                Map.of("ids", List.of("a"), "all", true), Map.of("ids", List.of(" ")),
                Map.of("ids", List.of("x".repeat(101))), Map.of("ids", List.of("a\u0000b")),
                Map.of("ids", java.util.Collections.nCopies(501, "a")));
        for (Object body : bodies) {
            as(user, "user").body(body).post("/api/notifications/read").then().statusCode(400)
                    .contentType(PROBLEM).body("status", equalTo(400));
        }
        as(user, "user").contentType("application/json").body("{\"ids\":[").post("/api/notifications/read").then()
                .statusCode(400).contentType(PROBLEM);
        as(user, "user").contentType("application/json").body("{\"ids\":{\"a\":1}}").post("/api/notifications/read")
                .then().statusCode(400).contentType(PROBLEM);
        as(user, "user").contentType("application/json").post("/api/notifications/read").then().statusCode(400)
                .contentType(PROBLEM);
    }

    @Test
    void withoutAValidTokenEverythingIs401() {
        for (var spec : List.of(given(), given().auth().oauth2(TestJwt.tokenSignedByOtherKey("x", "admin")),
                given().auth().oauth2(TestJwt.tokenExpiringAt(Instant.now().minusSeconds(120), "x", "user")))) {
            spec.get("/api/notifications").then().statusCode(401).contentType(PROBLEM);
        }
        given().get("/api/notifications/unread-count").then().statusCode(401).contentType(PROBLEM);
        given().contentType("application/json").body(Map.of("all", true)).post("/api/notifications/read").then()
                .statusCode(401).contentType(PROBLEM);
    }

    private static RequestSpecification as(String user, String... groups) {
        return given().auth().oauth2(TestJwt.token(user, groups)).contentType("application/json");
    }

    /** Publishes to the notifications topic as a producer would and waits until the centre lists it. */
    private static String publishAndAwait(String reader, String group, String channel, Map<String, Object> event) {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Notification notification = new Notification(id, channel, (String) event.get("event"),
                EventJson.mapper().valueToTree(event.get("data")), now, null);
        TestTopics.produce(Topics.NOTIFICATIONS, channel, EventJson.write(notification));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                as(reader, group).queryParam("limit", 200).get("/api/notifications").then().statusCode(200)
                        .extract().<List<String>>path("items.id").contains(id));
        return id;
    }

    private static Map<String, Object> loanStatus(String user, String status) {
        return Map.of("event", "loan:status", "data", Map.of("loanId", UUID.randomUUID().toString(), "userId", user,
                "status", status, "timestamp", Instant.now().toString()));
    }

    private static Map<String, Object> systemAlert(String message) {
        return Map.of("event", "admin:notification", "data", Map.of("type", "system_alert", "message", message,
                "timestamp", Instant.now().toString()));
    }
}
