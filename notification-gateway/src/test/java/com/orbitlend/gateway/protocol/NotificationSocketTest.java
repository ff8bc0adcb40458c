package com.orbitlend.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.gateway.GatewayReady;
import com.orbitlend.gateway.GatewayTestProfile;
import com.orbitlend.gateway.TestSocket;
import com.orbitlend.gateway.delivery.CloseCodes;
import com.orbitlend.testkit.jwt.TestJwt;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The WebSocket protocol: authentication of the upgrade, frames, bad input, token expiry and refresh. */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class NotificationSocketTest {

    @TestHTTPResource("/ws")
    URI http;

    @TestHTTPResource("/q/health/ready")
    URI health;

    URI ws;

    @BeforeEach
    void ready() {
        GatewayReady.awaitReady(health);
        ws = TestSocket.wsUri(http);
    }

    @Test
    void welcomeNamesTheSessionChannels() {
        String sub = "alice-" + UUID.randomUUID();
        try (TestSocket socket = TestSocket.connect(ws, TestJwt.token(sub, "user", "admin"))) {
            JsonNode welcome = socket.welcome();
            assertThat(welcome.path("sessionId").asText()).isNotBlank();
            assertThat(welcome.path("userId").asText()).isEqualTo(sub);
            assertThat(welcome.path("channels")).extracting(JsonNode::asText)
                    .containsExactly("user:" + sub, "role:admin", "role:user");
            assertThat(welcome.path("heartbeatIntervalSeconds").asLong()).isPositive();
            assertThat(welcome.path("expiresAt").asText()).isNotBlank();
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
        assertThat(TestSocket.refusedStatus(ws,
                TestJwt.tokenExpiringAt(Instant.now().minus(Duration.ofMinutes(10)), "eve", "user"))).isEqualTo(401);
    }

    @Test
    void badClientInputGetsErrorFramesAndTheConnectionStaysUsable() {
        try (TestSocket socket = TestSocket.connect(ws, TestJwt.token("bob-" + UUID.randomUUID(), "user"))) {
            socket.send("{oops");
            assertThat(socket.awaitNextFrame(isError()).path("code").asText()).isEqualTo("invalid_json");
            socket.send("[1,2]");
            assertThat(socket.awaitNextFrame(isError()).path("code").asText()).isEqualTo("invalid_message");
            socket.send("{\"type\":42}");
            assertThat(socket.awaitNextFrame(isError()).path("code").asText()).isEqualTo("invalid_message");
            socket.send("{\"type\":\"subscribe\",\"channel\":\"user:someone-else\"}");
            assertThat(socket.awaitNextFrame(isError()).path("code").asText()).isEqualTo("unknown_type");
            socket.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(9000) + "\"}");
            assertThat(socket.awaitNextFrame(isError()).path("code").asText()).isEqualTo("message_too_large");

            socket.send("{\"type\":\"ping\"}");
            socket.awaitNextFrame(f -> "pong".equals(f.path("type").asText()));
            assertThat(socket.isOpen()).isTrue();
        }
    }

    @Test
    void theSessionEndsWhenItsTokenExpires() {
        String sub = "expiring-" + UUID.randomUUID();
        TestSocket socket = TestSocket.connect(ws,
                TestJwt.tokenExpiringAt(Instant.now().plusSeconds(3), sub, "user"));
        assertThat(socket.closeCode()).succeedsWithin(Duration.ofSeconds(20)).isEqualTo(CloseCodes.TOKEN_EXPIRED);
    }

    @Test
    void aRefreshWithTheSameSubjectExtendsTheSession() {
        String sub = "refreshing-" + UUID.randomUUID();
        try (TestSocket socket = TestSocket.connect(ws,
                TestJwt.tokenExpiringAt(Instant.now().plusSeconds(5), sub, "user"))) {
            socket.send("{\"type\":\"refresh\",\"token\":\"" + TestJwt.token("someone-else", "admin") + "\"}");
            assertThat(socket.awaitNextFrame(isError()).path("code").asText()).isEqualTo("invalid_token");
            socket.send("{\"type\":\"refresh\",\"token\":\"garbage\"}");
            assertThat(socket.awaitNextFrame(isError()).path("code").asText()).isEqualTo("invalid_token");

            socket.send("{\"type\":\"refresh\",\"token\":\"" + TestJwt.token(sub, "user") + "\"}");
            JsonNode refreshed = socket.awaitNextFrame(f -> "refreshed".equals(f.path("type").asText()));
            assertThat(Instant.parse(refreshed.path("expiresAt").asText())).isAfter(Instant.now().plusSeconds(600));

            await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(7)).until(socket::isOpen);
            socket.send("{\"type\":\"ping\"}");
            socket.awaitNextFrame(f -> "pong".equals(f.path("type").asText()));
        }
    }

    private static java.util.function.Predicate<JsonNode> isError() {
        return f -> "error".equals(f.path("type").asText());
    }
}
