package com.orbitlend.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.e2e.PlatformClient.User;
import com.orbitlend.testkit.ws.TestSocket;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole tour over REST with real logins — KYC, loan request, approval, funding, listing, purchase,
 * repayment, and another service's system alert — while sockets are open for every kind of audience. Each of
 * the six seed events must reach exactly the sessions entitled to it, once, and no others.
 */
class PlatformTourE2ETest {

    @Test
    void everySeedEventReachesExactlyTheEntitledSessions() throws Exception {
        Platform platform = Platform.get();
        PlatformClient api = platform.client();
        URI ws = URI.create("ws://127.0.0.1:" + platform.gateway.port() + "/ws");
        User admin = api.admin();
        User alice = api.newUser("alice");    // borrower
        User bob = api.newUser("bob");        // buyer, watches the market
        User carol = api.newUser("carol");    // KYC rejected
        User dave = api.newUser("dave");      // watches the market only
        User eve = api.newUser("eve");        // no business here: must receive nothing

        try (TestSocket adminSocket = TestSocket.connect(ws, admin.token());
             TestSocket aliceSocket = TestSocket.connect(ws, alice.token());
             TestSocket bobSocket = TestSocket.connect(ws, bob.token());
             TestSocket carolSocket = TestSocket.connect(ws, carol.token());
             TestSocket daveSocket = TestSocket.connect(ws, dave.token());
             TestSocket eveSocket = TestSocket.connect(ws, eve.token())) {
            for (TestSocket watcher : List.of(bobSocket, daveSocket)) {
                watcher.send("{\"type\":\"subscribe\",\"channel\":\"public:marketplace\"}");
                watcher.awaitFrame(f -> "subscribed".equals(f.path("type").asText()));
            }

            // KYC: alice approved, carol rejected; admins see both submissions
            api.passKyc(alice, admin);
            String carolKyc = api.submitKyc(carol);
            api.rejectKyc(admin, carolKyc, "Document unreadable");
            JsonNode aliceKyc = aliceSocket.awaitEvent("kyc:status", "userId", alice.id());
            assertThat(aliceKyc.at("/data/status").asText()).isEqualTo("approved");
            JsonNode carolStatus = carolSocket.awaitEvent("kyc:status", "userId", carol.id());
            assertThat(carolStatus.at("/data/status").asText()).isEqualTo("rejected");
            assertThat(carolStatus.at("/data/rejectionReason").asText()).isEqualTo("Document unreadable");
            for (User user : List.of(alice, carol)) {
                JsonNode notice = adminSocket.awaitFrame(f -> "admin:notification".equals(f.path("event").asText())
                        && "kyc_submission".equals(f.at("/data/type").asText())
                        && user.id().equals(f.at("/data/data/userId").asText()));
                assertThat(notice.at("/data/message").asText()).isNotBlank();
            }

            // the loan: request -> admins, approval and funding -> alice
            String loanId = api.requestLoan(alice, "1500.50", "Bridge financing");
            JsonNode loanNew = adminSocket.awaitEvent("loan:new", "loanId", loanId);
            assertThat(loanNew.at("/data/userId").asText()).isEqualTo(alice.id());
            assertThat(loanNew.at("/data/amount").decimalValue()).isEqualByComparingTo("1500.50");
            assertThat(loanNew.at("/data/purpose").asText()).isEqualTo("Bridge financing");
            assertThat(loanNew.at("/data/collateral/asset").asText()).isEqualTo("ETH");
            adminSocket.awaitFrame(f -> "loan_request".equals(f.at("/data/type").asText())
                    && loanId.equals(f.at("/data/data/loanId").asText()));
            api.approveLoan(admin, loanId);
            JsonNode approved = aliceSocket.awaitEvent("loan:status", "loanId", loanId);
            assertThat(approved.at("/data/status").asText()).isEqualTo("approved");
            assertThat(approved.at("/data/amount").decimalValue()).isEqualByComparingTo("1500.50");
            String nftId = "nft-" + UUID.randomUUID();
            String txHash = PlatformClient.newTxHash();
            api.fundLoan(admin, loanId, txHash, nftId);
            JsonNode funded = aliceSocket.awaitEvent("loan:funded", "loanId", loanId);
            assertThat(funded.at("/data/txHash").asText()).isEqualTo(txHash);
            assertThat(funded.at("/data/nftId").asText()).isEqualTo(nftId);

            // the note: listed by the treasury (admin), bought by bob, repaid by alice to bob
            api.awaitNote(admin, nftId);
            api.listNote(admin, nftId, "1450");
            api.buyNote(bob, nftId);
            api.repay(alice, loanId, "500");

            // another service's alert straight onto the notifications topic
            String alertId = UUID.randomUUID().toString();
            try (OtherProducer producer = new OtherProducer(platform.kafka.bootstrapServers())) {
                producer.systemAlert(alertId, "Hot wallet balance low");
            }
            JsonNode alert = adminSocket.awaitFrame(f -> "system_alert".equals(f.at("/data/type").asText()));
            assertThat(alert.at("/data/message").asText()).isEqualTo("Hot wallet balance low");

            JsonNode repaymentToAlice = aliceSocket.awaitFrame(f -> "repayment".equals(f.at("/data/type").asText()));
            assertThat(repaymentToAlice.at("/data/amount").decimalValue()).isEqualByComparingTo("500");
            await().atMost(Duration.ofSeconds(30)).until(() -> daveSocket.events("marketplace:update").size() >= 3
                    && bobSocket.events("marketplace:update").size() >= 5);
            Thread.sleep(1500);   // settle: anything misrouted or repeated would arrive by now

            // the admin channel is shared with other tests: judge only this tour's frames
            List<String> tourUsers = List.of(alice.id(), carol.id());
            assertThat(summary(adminSocket, f -> tourUsers.contains(f.at("/data/userId").asText())
                    || tourUsers.contains(f.at("/data/data/userId").asText())
                    || "Hot wallet balance low".equals(f.at("/data/message").asText())))
                    .containsExactlyInAnyOrder("admin:notification/kyc_submission",
                            "admin:notification/kyc_submission", "loan:new/", "admin:notification/loan_request",
                            "admin:notification/system_alert");
            assertThat(summary(aliceSocket)).containsExactly("kyc:status/", "loan:status/", "loan:funded/",
                    "marketplace:update/repayment");
            assertThat(summary(carolSocket)).containsExactly("kyc:status/");
            assertThat(summary(daveSocket)).as("the market feed: one frame per change, in order").containsExactly(
                    "marketplace:update/new_listing", "marketplace:update/ownership_transfer",
                    "marketplace:update/repayment");
            // bob watches the market and is the buyer, then the owner credited: each change once per channel
            assertThat(bobSocket.events())
                    .extracting(e -> e.at("/data/type").asText() + "@" + e.path("channel").asText())
                    .containsExactlyInAnyOrder("new_listing@public:marketplace",
                            "ownership_transfer@public:marketplace", "ownership_transfer@user:" + bob.id(),
                            "repayment@public:marketplace", "repayment@user:" + bob.id());
            assertThat(bobSocket.events()).allSatisfy(e -> assertThat(e.at("/data/nftId").asText()).isEqualTo(nftId));
            assertThat(eveSocket.events()).isEmpty();
        }
    }

    /** Each event frame as "event/type", the type being that of admin:notification and marketplace:update. */
    private static List<String> summary(TestSocket socket) {
        return summary(socket, e -> true);
    }

    private static List<String> summary(TestSocket socket, java.util.function.Predicate<JsonNode> filter) {
        return socket.events().stream().filter(filter)
                .map(e -> e.path("event").asText() + "/" + e.at("/data/type").asText())
                .toList();
    }
}
