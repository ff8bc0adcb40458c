package com.orbitlend.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.e2e.PlatformClient.User;
import com.orbitlend.testkit.ws.TestSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Refusals across the platform: bad logins, forged and foreign tokens, foreign channels. */
class SecurityE2ETest {

    private static Platform platform;
    private static PlatformClient api;
    private static URI ws;

    @BeforeAll
    static void start() throws Exception {
        platform = Platform.get();
        api = platform.client();
        ws = URI.create("ws://127.0.0.1:" + platform.gateway.port() + "/ws");
    }

    @Test
    void badLoginsLookTheSameWhetherOrNotTheAccountExists() throws Exception {
        User alice = api.newUser("alice");
        var wrongPassword = api.send(platform.kycService, "POST", "/api/auth/login", null,
                "{\"username\":\"" + alice.username() + "\",\"password\":\"not-the-password-1\"}");
        var noSuchUser = api.send(platform.kycService, "POST", "/api/auth/login", null,
                "{\"username\":\"nobody-here\",\"password\":\"not-the-password-1\"}");

        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(noSuchUser.statusCode()).isEqualTo(401);
        assertThat(wrongPassword.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(withoutInstance(wrongPassword.body())).isEqualTo(withoutInstance(noSuchUser.body()));
    }

    @Test
    void everyServiceRefusesForgedForeignAndExpiredTokens() throws Exception {
        for (String token : new String[] {"not-a-jwt", platform.issuer.foreignKeyToken("mallory", "admin"),
                platform.issuer.otherIssuerToken("mallory", "admin"), platform.issuer.otherAudienceToken("mallory", "admin"),
                platform.issuer.expiredToken("mallory", "admin")}) {
            assertThat(api.status(platform.loanService, "GET", "/api/admin/loans", token, null)).isEqualTo(401);
            assertThat(api.status(platform.kycService, "GET", "/api/admin/kyc", token, null)).isEqualTo(401);
            assertThat(api.status(platform.marketplaceService, "GET", "/api/marketplace/listings", token, null))
                    .isEqualTo(401);
            assertUpgradeRefused(token);
        }
        assertUpgradeRefused(null);
    }

    @Test
    void aUserCannotSubscribeToChannelsItIsNotEntitledTo() throws Exception {
        User alice = api.newUser("alice");
        User eve = api.newUser("eve");
        try (TestSocket socket = TestSocket.connect(ws, eve.token())) {
            for (String channel : new String[] {"user:" + alice.id(), "role:admin", "public:vip", "nonsense"}) {
                socket.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
                JsonNode error = socket.awaitFrame(f -> "error".equals(f.path("type").asText())
                        && channel.equals(f.path("channel").asText()));
                assertThat(error.path("code").asText()).isIn("forbidden_channel", "unknown_channel", "invalid_channel");
            }
            assertThat(socket.frames()).noneMatch(f -> "subscribed".equals(f.path("type").asText()));
        }
    }

    @Test
    void malformedRecordsOfOtherProducersDoNotStopDelivery() throws Exception {
        User admin = api.admin();
        try (TestSocket adminSocket = TestSocket.connect(ws, admin.token());
             OtherProducer producer = new OtherProducer(platform.kafka.bootstrapServers())) {
            producer.send("role:admin", "{ this is not json");
            producer.send("role:admin", "{\"id\":\"x1\",\"channel\":\"role:admin\",\"event\":\"loan:exploded\","
                    + "\"data\":{},\"time\":\"2026-11-25T10:00:00Z\"}");
            producer.send("role:admin", "{\"id\":\"x2\",\"channel\":\"role:admin\",\"event\":\"admin:notification\","
                    + "\"data\":{\"type\":\"no_such_type\"},\"time\":\"2026-11-25T10:00:00Z\"}");
            producer.systemAlert("after-the-bad-ones-" + System.nanoTime(), "Still delivering");

            adminSocket.awaitFrame(f -> "Still delivering".equals(f.at("/data/message").asText()));
            assertThat(adminSocket.events()).noneMatch(e -> e.path("id").asText().matches("x[12]"));
        }
    }

    private static void assertUpgradeRefused(String token) {
        assertThatThrownBy(() -> {
            var builder = HttpClient.newHttpClient().newWebSocketBuilder();
            if (token != null) {
                builder.header("Authorization", "Bearer " + token);
            }
            builder.buildAsync(ws, new WebSocket.Listener() { }).get();
        }).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(401));
    }

    private static String withoutInstance(String problem) {
        return problem.replaceAll("\"instance\":\"[^\"]*\"", "");
    }
}
