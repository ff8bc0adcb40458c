package com.orbitlend.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.gateway.GatewaySocketTest;
import com.orbitlend.gateway.GatewayTestProfile;
import com.orbitlend.gateway.TestEvents;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.Topics;
import com.orbitlend.events.loan.Collateral;
import com.orbitlend.events.loan.LoanApproved;
import com.orbitlend.events.loan.LoanRequested;
import com.orbitlend.events.notification.MarketplaceUpdateData;
import com.orbitlend.events.notification.Notification;
import com.orbitlend.gateway.delivery.CloseCodes;
import com.orbitlend.gateway.delivery.CursorCodec;
import com.orbitlend.gateway.delivery.LiveFrontier;
import com.orbitlend.gateway.delivery.SessionRegistry;
import com.orbitlend.testkit.jwt.TestJwt;
import com.orbitlend.testkit.kafka.TestTopics;
import com.orbitlend.testkit.ws.TestSocket;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The WebSocket protocol: authentication of the upgrade, frames, bad input, token expiry and refresh. */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class NotificationSocketTest extends GatewaySocketTest {

    @Inject
    SessionRegistry registry;

    @Inject
    LiveFrontier frontier;

    @Test
    void welcomeNamesTheSessionChannels() throws Exception {
        String sub = "alice-" + UUID.randomUUID();
        try (TestSocket socket = TestSocket.connect(ws, TestJwt.token(sub, "user", "admin"))) {
            JsonNode welcome = socket.welcome();
            assertThat(welcome.path("sessionId").asText()).isNotBlank();
            assertThat(welcome.path("userId").asText()).isEqualTo(sub);
            assertThat(welcome.path("channels")).extracting(JsonNode::asText)
                    .containsExactly("user:" + sub, "role:admin", "role:user");
            assertThat(welcome.path("heartbeatIntervalSeconds").asLong()).isPositive();
            assertThat(welcome.path("expiresAt").asText()).isNotBlank();
            assertThat(CursorCodec.decode(welcome.path("cursor").asText()))
                    .containsOnlyKeys("user:" + sub, "role:admin", "role:user");
        }
    }

    @Test
    void aUserOverTheConnectionLimitIsClosedWith4409AndTheOthersStay() throws Exception {
        String token = TestJwt.token("many-" + UUID.randomUUID(), "user");
        java.util.List<TestSocket> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                open.add(TestSocket.connect(ws, token));
            }
            try (TestSocket extra = TestSocket.open(ws, token)) {
                assertThat(extra.closeCode().get(30, java.util.concurrent.TimeUnit.SECONDS))
                        .isEqualTo(CloseCodes.TOO_MANY_CONNECTIONS);
            }
            assertThat(open).allMatch(TestSocket::isOpen);
            open.remove(0).close();
            // the freed slot is counted back once its close completes
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (TestSocket again = TestSocket.open(ws, token)) {
                    again.awaitFrame(f -> "welcome".equals(f.path("type").asText()), Duration.ofSeconds(2));
                }
            });
        } finally {
            open.forEach(TestSocket::close);
        }
    }

    @Test
    void aClientSendingFasterThanItsRateGetsRateLimitedErrorsAndStaysConnected() {
        try (TestSocket socket = TestSocket.connect(ws, TestJwt.token("chatty-" + UUID.randomUUID(), "user"))) {
            for (int i = 0; i < 100; i++) {
                socket.send("{\"type\":\"ping\"}");
            }
            socket.awaitFrame(f -> "rate_limited".equals(f.path("code").asText()));
            long pongs = socket.frames().stream().filter(f -> "pong".equals(f.path("type").asText())).count();
            assertThat(pongs).isLessThan(100);
            assertThat(socket.isOpen()).isTrue();
        }
    }

    @Test
    void browsersPassTheTokenInTheSubprotocol() {
        String sub = "browser-" + UUID.randomUUID();
        try (TestSocket socket = TestSocket.connectAsBrowser(ws, TestJwt.token(sub, "user"))) {
            assertThat(socket.welcome().path("userId").asText()).isEqualTo(sub);
        }
    }

    @Test
    void upgradeWithoutAValidTokenIsRefused() {
        assertThat(TestSocket.refusedStatus(ws, null)).isEqualTo(401);
        assertThat(TestSocket.refusedStatus(ws, "not-a-jwt")).isEqualTo(401);
        assertThat(TestSocket.refusedStatus(ws, TestJwt.tokenSignedByOtherKey("eve", "admin"))).isEqualTo(401);
        assertThat(TestSocket.refusedStatus(ws, TestJwt.tokenFromOtherIssuer("eve", "admin"))).isEqualTo(401);
        assertThat(TestSocket.refusedStatus(ws, TestJwt.tokenForOtherAudience("eve", "admin"))).isEqualTo(401);
        assertThat(TestSocket.refusedStatus(ws, TestJwt.tokenWithoutAudience("eve", "admin"))).isEqualTo(401);
        assertThat(TestSocket.refusedStatus(ws,
                TestJwt.tokenExpiringAt(Instant.now().minus(Duration.ofMinutes(10)), "eve", "user"))).isEqualTo(401);
    }

    @Test
    void refusedUpgradesAnswerProblemJson() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.net.URI plain = java.net.URI.create(ws.toString().replaceFirst("^ws", "http"));
        var noUpgrade = client.send(java.net.http.HttpRequest.newBuilder(plain)
                .header("Authorization", "Bearer " + TestJwt.token("carol", "user")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(noUpgrade.statusCode()).isEqualTo(426);
        assertThat(noUpgrade.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = EventJson.mapper().readTree(noUpgrade.body());
        assertThat(problem.path("status").asInt()).isEqualTo(426);
        assertThat(problem.path("detail").asText()).contains("WebSocket");

        // the JDK's HTTP client will not send an Upgrade header: the upgrade request is written by hand
        try (java.net.Socket socket = new java.net.Socket(plain.getHost(), plain.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Authorization: Bearer not-a-jwt\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            StringBuilder response = new StringBuilder();
            byte[] chunk = new byte[1024];
            for (int n; !response.toString().endsWith("}") && (n = socket.getInputStream().read(chunk)) > 0; ) {
                response.append(new String(chunk, 0, n, java.nio.charset.StandardCharsets.UTF_8));
            }
            assertThat(response.toString()).startsWith("HTTP/1.1 401").contains("WWW-Authenticate: Bearer")
                    .contains("application/problem+json").contains("\"status\":401");
        }
    }

    @Test
    void anUpgradeRequestWithABodyIsRefusedWith400() throws Exception {
        String response = rawUpgrade("Authorization: Bearer " + TestJwt.token("dora", "user") + "\r\n"
                + "Content-Length: 5\r\n", "hello", true);

        assertThat(response).startsWith("HTTP/1.1 400").contains("application/problem+json")
                .contains("\"status\":400").contains("no body");
    }

    @Test
    void clientsThatGiveUpDuringTheirHandshakeLeaveNeitherASessionNorAPlaceInTheGateBehind() throws Exception {
        int before = registry.size();
        // more than limits.handshake-concurrency (64): each one writes its upgrade request and closes at once, while
        // its handshake waits for its turn, is being verified or is being upgraded
        for (int i = 0; i < 100; i++) {
            rawUpgrade("Authorization: Bearer " + TestJwt.token("quitter-" + i, "user") + "\r\n", "", false);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> registry.size() <= before);
        // and the gate still lets handshakes through
        String sub = "after-quitters-" + UUID.randomUUID();
        try (TestSocket socket = TestSocket.connect(ws, TestJwt.token(sub, "user"))) {
            assertThat(socket.welcome().path("userId").asText()).isEqualTo(sub);
        }
    }

    /** Writes an upgrade request by hand (the JDK's client will not); returns the response if {@code read}. */
    private String rawUpgrade(String headers, String body, boolean read) throws Exception {
        java.net.URI plain = java.net.URI.create(ws.toString().replaceFirst("^ws", "http"));
        try (java.net.Socket socket = new java.net.Socket(plain.getHost(), plain.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + headers + "\r\n" + body).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            if (!read) {
                return "";
            }
            StringBuilder response = new StringBuilder();
            byte[] chunk = new byte[1024];
            for (int n; !response.toString().endsWith("}") && (n = socket.getInputStream().read(chunk)) > 0; ) {
                response.append(new String(chunk, 0, n, java.nio.charset.StandardCharsets.UTF_8));
            }
            return response.toString();
        }
    }

    @Test
    void aReplicaThatDoesNotReadNotificationsYetAnswers503AndTheClientGetsInOnceItDoes() throws Exception {
        String token = TestJwt.token("early-" + UUID.randomUUID(), "user");
        int partitions = frontier.partitions();
        // as right after start, before the fan-out's first assignment: the topic's partition count is unknown
        frontier.partitions(0);
        try {
            String response = rawUpgrade("Authorization: Bearer " + token + "\r\n", "", true);
            assertThat(response).startsWith("HTTP/1.1 503").containsIgnoringCase("Retry-After: 1")
                    .contains("application/problem+json").contains("does not read notifications yet");
        } finally {
            frontier.partitions(partitions);
        }
        try (TestSocket socket = TestSocket.connect(ws, token)) {
            assertThat(socket.welcome().path("cursor").asText()).isNotBlank();
        }
    }

    @Test
    void badClientInputGetsErrorFramesAndTheConnectionStaysUsable() {
        try (TestSocket socket = TestSocket.connect(ws, TestJwt.token("bob-" + UUID.randomUUID(), "user"))) {
            assertThat(socket.sendAndAwait("{oops", isError()).path("code").asText()).isEqualTo("invalid_json");
            assertThat(socket.sendAndAwait("[1,2]", isError()).path("code").asText()).isEqualTo("invalid_message");
            assertThat(socket.sendAndAwait("{\"type\":42}",
                    isError()).path("code").asText()).isEqualTo("invalid_message");
            assertThat(socket.sendAndAwait("{\"type\":\"teleport\"}",
                    isError()).path("code").asText()).isEqualTo("unknown_type");
            assertThat(socket.sendAndAwait("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(9000) + "\"}",
                    isError()).path("code").asText()).isEqualTo("message_too_large");

            socket.sendAndAwait("{\"type\":\"ping\"}", f -> "pong".equals(f.path("type").asText()));
            assertThat(socket.isOpen()).isTrue();
        }
    }

    @Test
    void subscribingToAChannelTheSessionIsNotEntitledToIsRefusedAndNothingOfItIsDelivered() throws Exception {
        String sub = "curious-" + UUID.randomUUID();
        String victim = "victim-" + UUID.randomUUID();
        try (TestSocket socket = TestSocket.connect(ws, TestJwt.token(sub, "user"))) {
            assertRefused(socket, "subscribe", "user:" + victim, "forbidden_channel");
            assertRefused(socket, "subscribe", "role:admin", "forbidden_channel");
            assertRefused(socket, "subscribe", "public:casino", "unknown_channel");
            assertRefused(socket, "unsubscribe", "public:casino", "unknown_channel");
            assertRefused(socket, "unsubscribe", "user:" + sub, "forbidden_channel");
            for (String malformed : new String[] {"nonsense", "user:two words", "galaxy:far", "public:"}) {
                JsonNode error = socket.sendAndAwait("{\"type\":\"subscribe\",\"channel\":\"" + malformed + "\"}",
                        isError());
                assertThat(error.path("code").asText()).as(malformed).isEqualTo("invalid_channel");
                assertThat(error.path("channel").asText()).as("echoed").isEqualTo(malformed);
            }
            assertThat(socket.sendAndAwait("{\"type\":\"subscribe\",\"channel\":42}",
                    isError()).path("code").asText())
                    .isEqualTo("invalid_message");

            // its own channels: a no-op success
            for (String own : new String[] {"user:" + sub, "role:user"}) {
                JsonNode ok = socket.sendAndAwait("{\"type\":\"subscribe\",\"channel\":\"" + own + "\"}",
                        f -> "subscribed".equals(f.path("type").asText()));
                assertThat(ok.path("channel").asText()).isEqualTo(own);
            }

            // traffic on every refused channel, then one on its own as a barrier
            TestEvents.publish(new LoanApproved("loan-" + victim, victim, BigDecimal.TEN, "admin-1"));
            TestEvents.publish(new LoanRequested("loan-" + victim, victim, BigDecimal.TEN, "USDC", null,
                    new Collateral("ETH", BigDecimal.ONE)));
            Notification casino = new Notification(UUID.randomUUID().toString(), "public:casino", "marketplace:update",
                    EventJson.mapper().valueToTree(new MarketplaceUpdateData(MarketplaceUpdateData.Type.NEW_LISTING,
                            "loan-" + victim, null, BigDecimal.ONE, Instant.now())), Instant.now(), null);
            TestTopics.produce(Topics.NOTIFICATIONS, casino.channel(), EventJson.write(casino));
            TestEvents.publish(new LoanApproved("loan-" + sub, sub, BigDecimal.ONE, "admin-1"));
            socket.awaitFrame(f -> ("loan-" + sub).equals(f.path("data").path("loanId").asText()));
            Thread.sleep(500);
            assertThat(socket.events()).extracting(f -> f.path("channel").asText()).containsExactly("user:" + sub);
            assertThat(socket.isOpen()).isTrue();
        }
    }

    private static void assertRefused(TestSocket socket, String type, String channel, String code) {
        JsonNode error = socket.sendAndAwait("{\"type\":\"" + type + "\",\"channel\":\"" + channel + "\"}",
                isError());
        assertThat(error.path("code").asText()).as(type + " " + channel).isEqualTo(code);
        assertThat(error.path("channel").asText()).isEqualTo(channel);
    }

    @Test
    void theSessionEndsWhenItsTokenExpires() {
        String sub = "expiring-" + UUID.randomUUID();
        TestSocket socket = TestSocket.connect(ws,
                TestJwt.tokenExpiringAt(Instant.now().plusSeconds(10), sub, "user"));
        assertThat(socket.closeCode()).succeedsWithin(Duration.ofSeconds(40)).isEqualTo(CloseCodes.TOKEN_EXPIRED);
    }

    @Test
    void aRefreshWithTheSameSubjectExtendsTheSession() {
        String sub = "refreshing-" + UUID.randomUUID();
        Instant firstExpiry = Instant.now().plusSeconds(20);
        try (TestSocket socket = TestSocket.connect(ws, TestJwt.tokenExpiringAt(firstExpiry, sub, "user"))) {
            assertThat(socket.sendAndAwait(refresh(TestJwt.token("someone-else", "admin")), isError())
                    .path("code").asText()).isEqualTo("invalid_token");
            assertThat(socket.sendAndAwait(refresh("garbage"), isError()).path("code").asText())
                    .isEqualTo("invalid_token");

            JsonNode refreshed = socket.sendAndAwait(refresh(TestJwt.token(sub, "user")),
                    f -> "refreshed".equals(f.path("type").asText()));
            assertThat(Instant.parse(refreshed.path("expiresAt").asText())).isAfter(Instant.now().plusSeconds(600));

            // past the first token's expiry, the session is still open
            Duration pastFirstExpiry = Duration.between(Instant.now(), firstExpiry).plusSeconds(2);
            await().during(pastFirstExpiry).atMost(pastFirstExpiry.plusSeconds(30)).until(socket::isOpen);
            socket.sendAndAwait("{\"type\":\"ping\"}", f -> "pong".equals(f.path("type").asText()));
        }
    }

    @Test
    void aRefreshWithOtherGroupsIsRefusedAndTheSessionKeepsItsChannels() {
        String sub = "demoted-" + UUID.randomUUID();
        try (TestSocket socket = TestSocket.connect(ws, TestJwt.token(sub, "user", "admin"))) {
            for (String[] groups : new String[][] {{"user"}, {"user", "admin", "auditor"}}) {
                JsonNode error = socket.sendAndAwait(refresh(TestJwt.token(sub, groups)), isError());
                assertThat(error.path("code").asText()).isEqualTo("invalid_token");
                assertThat(error.path("message").asText()).isEqualTo("groups changed; reconnect to apply them");
            }
            socket.sendAndAwait("{\"type\":\"refresh\",\"token\":\"" + TestJwt.token(sub, "admin", "user") + "\"}",
                    f -> "refreshed".equals(f.path("type").asText()));
            assertThat(socket.isOpen()).isTrue();
        }
    }

    private static String refresh(String token) {
        return "{\"type\":\"refresh\",\"token\":\"" + token + "\"}";
    }

    private static java.util.function.Predicate<JsonNode> isError() {
        return f -> "error".equals(f.path("type").asText());
    }
}
