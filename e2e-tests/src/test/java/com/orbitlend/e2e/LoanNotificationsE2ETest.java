package com.orbitlend.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.testkit.jwt.TestJwt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The seed's loan flow across processes: a user's request reaches every admin socket, the admin's decisions
 * reach that user's socket, and nobody else's.
 */
class LoanNotificationsE2ETest {

    private static Platform platform;
    private static LoanApi loans;
    private static URI ws;

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = Platform.get();
        loans = new LoanApi(platform.loanService);
        ws = URI.create("ws://127.0.0.1:" + platform.gateway.port() + "/ws");
    }

    @Test
    void loanLifecycleReachesExactlyTheEntitledSockets() throws Exception {
        String alice = "alice-" + UUID.randomUUID();
        String bob = "bob-" + UUID.randomUUID();
        String aliceToken = TestJwt.token(alice, "user");
        String adminToken = TestJwt.token("admin-" + UUID.randomUUID(), "admin");

        try (SocketClient admin1 = SocketClient.connect(ws, adminToken);
             SocketClient admin2 = SocketClient.connect(ws, TestJwt.token("admin-2", "admin"));
             SocketClient aliceSocket = SocketClient.connect(ws, aliceToken);
             SocketClient bobSocket = SocketClient.connect(ws, TestJwt.token(bob, "user"))) {

            JsonNode loan = loans.request(aliceToken, "1500.50", "Bridge financing");
            String loanId = loan.get("id").asText();

            for (SocketClient admin : new SocketClient[] {admin1, admin2}) {
                JsonNode loanNew = admin.awaitEvent("loan:new", "loanId", loanId);
                assertThat(loanNew.path("channel").asText()).isEqualTo("role:admin");
                assertThat(loanNew.path("cursor").asText()).isNotBlank();
                JsonNode data = loanNew.get("data");
                assertThat(data.get("userId").asText()).isEqualTo(alice);
                assertThat(data.get("amount").decimalValue()).isEqualByComparingTo("1500.50");
                assertThat(data.get("purpose").asText()).isEqualTo("Bridge financing");
                assertThat(data.at("/collateral/asset").asText()).isEqualTo("ETH");
                assertThat(Instant.parse(data.get("timestamp").asText())).isBeforeOrEqualTo(Instant.now());

                JsonNode notice = admin.awaitFrame(f -> "admin:notification".equals(f.path("event").asText())
                        && loanId.equals(f.at("/data/data/loanId").asText()));
                assertThat(notice.at("/data/type").asText()).isEqualTo("loan_request");
                assertThat(notice.at("/data/message").asText()).contains("1500.5");
            }

            loans.approve(adminToken, loanId);
            JsonNode approved = aliceSocket.awaitEvent("loan:status", "loanId", loanId);
            assertThat(approved.path("channel").asText()).isEqualTo("user:" + alice);
            assertThat(approved.at("/data/status").asText()).isEqualTo("approved");
            assertThat(approved.at("/data/amount").decimalValue()).isEqualByComparingTo("1500.50");

            String txHash = "0x" + "ab".repeat(32);
            loans.fund(adminToken, loanId, txHash, "nft-" + loanId);
            JsonNode funded = aliceSocket.awaitEvent("loan:funded", "loanId", loanId);
            assertThat(funded.at("/data/txHash").asText()).isEqualTo(txHash);
            assertThat(funded.at("/data/nftId").asText()).isEqualTo("nft-" + loanId);
            assertThat(funded.at("/data/amount").decimalValue()).isEqualByComparingTo("1500.50");

            JsonNode rejectedLoan = loans.request(aliceToken, "99", "Second try");
            String rejectedId = rejectedLoan.get("id").asText();
            loans.reject(adminToken, rejectedId, "Collateral too volatile");
            JsonNode rejected = aliceSocket.awaitEvent("loan:status", "loanId", rejectedId);
            assertThat(rejected.at("/data/status").asText()).isEqualTo("rejected");
            assertThat(rejected.at("/data/rejectionReason").asText()).isEqualTo("Collateral too volatile");

            // bob's own loan is the first and only thing bob ever sees: alice's events never reached him
            String bobLoan = loans.request(TestJwt.token(bob, "user"), "10", "Mine").get("id").asText();
            loans.reject(adminToken, bobLoan, "No");
            bobSocket.awaitEvent("loan:status", "loanId", bobLoan);
            assertThat(bobSocket.events()).allSatisfy(e -> {
                assertThat(e.path("channel").asText()).isEqualTo("user:" + bob);
                assertThat(e.at("/data/userId").asText()).isEqualTo(bob);
            });
            // users never see the admin channel; alice only her own channel
            assertThat(aliceSocket.events()).extracting(e -> e.path("channel").asText())
                    .containsOnly("user:" + alice);
            assertThat(aliceSocket.events()).extracting(e -> e.path("event").asText())
                    .containsExactly("loan:status", "loan:funded", "loan:status");
        }
    }

    @Test
    void upgradeWithoutAValidTokenIsRefused() {
        assertRefused(null);
        assertRefused("not-a-jwt");
        assertRefused(TestJwt.tokenSignedByOtherKey("mallory", "admin"));
        assertRefused(TestJwt.tokenFromOtherIssuer("mallory", "admin"));
        assertRefused(TestJwt.tokenExpiringAt(Instant.now().minusSeconds(120), "alice", "user"));
    }

    private static void assertRefused(String token) {
        assertThatThrownBy(() -> {
            var builder = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder();
            if (token != null) {
                builder.header("Authorization", "Bearer " + token);
            }
            builder.buildAsync(ws, new java.net.http.WebSocket.Listener() { }).get();
        }).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(401));
    }
}
