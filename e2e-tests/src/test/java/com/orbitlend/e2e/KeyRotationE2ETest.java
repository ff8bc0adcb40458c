package com.orbitlend.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.e2e.PlatformClient.User;
import com.orbitlend.events.EventJson;
import com.orbitlend.testkit.ws.TestSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rotating kyc-service's signing key as the README says, while users stay logged in: publish the next key, then
 * swap (sign with it, keep publishing the old one). Tokens of the old key keep working everywhere, open sockets
 * stay open, refresh tokens issued before keep working, and tokens of the new key are accepted by every service,
 * which learn it from the JWKS alone. The platform is left signing with the new key, the old one still published.
 */
class KeyRotationE2ETest {

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
    void rotatingTheSigningKeyLogsNobodyOut() throws Exception {
        User alice = api.newUser("rotation");
        String refreshToken = api.call(platform.kycService, "POST", "/api/auth/login", null,
                "{\"username\":\"" + alice.username() + "\",\"password\":\"" + PlatformClient.PASSWORD + "\"}", 200)
                .get("refreshToken").asText();
        String oldKid = kid(alice.token());
        assertThat(jwksKids()).containsExactly(oldKid);

        try (TestSocket socket = TestSocket.connect(ws, alice.token())) {
            // 1. publish the next key: still signed with the old one, both in the JWKS
            platform.restartKycService(Map.of("ORBITLEND_KYC_TOKEN_NEXT_KEY_LOCATION",
                    platform.issuer.writeNextPublicKey(platform.work()).toString()));
            List<String> published = jwksKids();
            assertThat(published).hasSize(2).startsWith(oldKid);
            String newKid = published.get(1);
            assertThat(kid(api.login(alice.username(), PlatformClient.PASSWORD).token())).isEqualTo(oldKid);

            // 2. swap: sign with the next key, publish the old one as previous
            Map<String, String> swap = new HashMap<>();
            swap.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", platform.issuer.writeNextPrivateKey(platform.work()).toString());
            swap.put("ORBITLEND_KYC_TOKEN_PREVIOUS_KEY_LOCATION",
                    platform.work().resolve("issuer-private.pem").toString());
            swap.put("ORBITLEND_KYC_TOKEN_NEXT_KEY_LOCATION", null);
            platform.restartKycService(swap);
            assertThat(jwksKids()).containsExactly(newKid, oldKid);

            // sessions opened before the swap go on: the old token everywhere, the refresh token issued before
            assertAcceptedEverywhere(alice.token());
            JsonNode refreshed = api.call(platform.kycService, "POST", "/api/auth/refresh", null,
                    "{\"refreshToken\":\"" + refreshToken + "\"}", 200);
            String newToken = refreshed.get("accessToken").asText();
            assertThat(kid(newToken)).isEqualTo(newKid);
            assertAcceptedEverywhere(newToken);

            // the open socket takes the new token in-session and stays open
            JsonNode answer = socket.sendAndAwait("{\"type\":\"refresh\",\"token\":\"" + newToken + "\"}",
                    f -> "refreshed".equals(f.path("type").asText()) || "error".equals(f.path("type").asText()));
            assertThat(answer.path("type").asText()).as(answer.toString()).isEqualTo("refreshed");
            assertThat(socket.sendAndAwait("{\"type\":\"ping\"}", f -> "pong".equals(f.path("type").asText())))
                    .isNotNull();
            assertThat(socket.isOpen()).isTrue();
            try (TestSocket fresh = TestSocket.connect(ws, newToken)) {
                assertThat(fresh.welcome().path("userId").asText()).isEqualTo(alice.id());
            }
        }
    }

    private static void assertAcceptedEverywhere(String token) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(api.status(platform.kycService, "GET", "/api/auth/me", token, null)).isEqualTo(200);
            assertThat(api.status(platform.loanService, "GET", "/api/loans", token, null)).isEqualTo(200);
            assertThat(api.status(platform.marketplaceService, "GET", "/api/marketplace/listings", token, null))
                    .isEqualTo(200);
        });
    }

    private static List<String> jwksKids() throws Exception {
        JsonNode jwks = api.call(platform.kycService, "GET", "/.well-known/jwks.json", null, null, 200);
        List<String> kids = new ArrayList<>();
        jwks.get("keys").forEach(key -> kids.add(key.get("kid").asText()));
        return kids;
    }

    /** The {@code kid} of a token's header. */
    private static String kid(String token) throws Exception {
        byte[] header = Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.')));
        return EventJson.mapper().readTree(header).path("kid").asText();
    }
}
