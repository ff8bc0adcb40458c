package com.orbitlend.gateway.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.events.CloudEvent;
import com.orbitlend.events.DeadLetterHeaders;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.Topics;
import com.orbitlend.events.kyc.KycApproved;
import com.orbitlend.events.kyc.KycRejected;
import com.orbitlend.events.kyc.KycSubmitted;
import com.orbitlend.events.loan.Collateral;
import com.orbitlend.events.loan.LoanApproved;
import com.orbitlend.events.loan.LoanFunded;
import com.orbitlend.events.loan.LoanRejected;
import com.orbitlend.events.loan.LoanRequested;
import com.orbitlend.events.marketplace.LoanNoteListed;
import com.orbitlend.events.marketplace.LoanNoteTransferred;
import com.orbitlend.events.marketplace.RepaymentRecorded;
import com.orbitlend.gateway.GatewaySocketTest;
import com.orbitlend.gateway.GatewayTestProfile;
import com.orbitlend.gateway.TestEvents;
import com.orbitlend.gateway.delivery.CursorCodec;
import com.orbitlend.gateway.delivery.Position;
import com.orbitlend.testkit.jwt.TestJwt;
import com.orbitlend.testkit.kafka.TestTopics;
import com.orbitlend.testkit.ws.TestSocket;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static com.orbitlend.testkit.kafka.TestTopics.header;
import static org.awaitility.Awaitility.await;

/** Domain events on Kafka to frames on sockets, through the router and the fan-out. */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class DomainEventDeliveryTest extends GatewaySocketTest {


    @Test
    void loanLifecycleReachesAdminsAndTheBorrowerOnly() throws Exception {
        String borrower = "borrower-" + UUID.randomUUID();
        String loanId = "loan-" + UUID.randomUUID();
        try (TestSocket admin = TestSocket.connect(ws, TestJwt.token("admin-" + UUID.randomUUID(), "user", "admin"));
                TestSocket user = TestSocket.connect(ws, TestJwt.token(borrower, "user"));
                TestSocket other = TestSocket.connect(ws, TestJwt.token("other-" + UUID.randomUUID(), "user"))) {

            CloudEvent requested = TestEvents.publish(new LoanRequested(loanId, borrower, new BigDecimal("1500"), "USDC",
                    "working capital", new Collateral("ETH", new BigDecimal("1.2"))));
            JsonNode loanNew = admin.awaitFrame(f -> loanId.equals(f.path("data").path("loanId").asText())
                    && "loan:new".equals(f.path("event").asText()));
            assertThat(loanNew.path("channel").asText()).isEqualTo("role:admin");
            assertThat(loanNew.path("pos").asText()).matches("\\d+:\\d+");
            assertThat(loanNew.has("cursor")).isFalse();
            assertThat(loanNew.path("timestamp").asText()).isEqualTo(requested.time().toString());
            JsonNode data = loanNew.path("data");
            assertThat(data.path("userId").asText()).isEqualTo(borrower);
            assertThat(data.path("amount").decimalValue()).isEqualByComparingTo("1500");
            assertThat(data.path("purpose").asText()).isEqualTo("working capital");
            assertThat(data.path("collateral").path("asset").asText()).isEqualTo("ETH");
            assertThat(data.path("timestamp").asText()).isEqualTo(requested.time().toString());

            JsonNode notice = admin.awaitFrame(f -> "admin:notification".equals(f.path("event").asText())
                    && loanId.equals(f.path("data").path("data").path("loanId").asText()));
            assertThat(notice.path("data").path("type").asText()).isEqualTo("loan_request");
            assertThat(notice.path("data").path("message").asText())
                    .isEqualTo("New loan request: 1500 USDC from " + borrower);

            TestEvents.publish(new LoanApproved(loanId, borrower, new BigDecimal("1500"), "admin-1"));
            TestEvents.publish(new LoanRejected(loanId, borrower, new BigDecimal("1500"), "collateral too volatile", "admin-1"));
            TestEvents.publish(new LoanFunded(loanId, borrower, new BigDecimal("1500"), "0xabc", "nft-7", "USDC"));

            JsonNode funded = user.awaitFrame(f -> "loan:funded".equals(f.path("event").asText()));
            assertThat(funded.path("channel").asText()).isEqualTo("user:" + borrower);
            assertThat(funded.path("data").path("txHash").asText()).isEqualTo("0xabc");
            assertThat(funded.path("data").path("nftId").asText()).isEqualTo("nft-7");
            assertThat(funded.path("data").path("amount").decimalValue()).isEqualByComparingTo("1500");
            List<JsonNode> statuses = user.events("loan:status");
            assertThat(statuses).extracting(f -> f.path("data").path("status").asText())
                    .containsExactly("approved", "rejected");
            assertThat(statuses.get(0).path("data").path("amount").decimalValue()).isEqualByComparingTo("1500");
            assertThat(statuses.get(1).path("data").path("rejectionReason").asText()).isEqualTo("collateral too volatile");
            assertThat(user.events()).extracting(f -> f.path("channel").asText()).containsOnly("user:" + borrower);
            assertThat(admin.events()).extracting(f -> f.path("channel").asText()).containsOnly("role:admin");

            // nothing of the borrower's or the admins' reached another user (I3)
            Thread.sleep(500);
            assertThat(other.events()).isEmpty();
        }
    }

    @Test
    void kycDecisionsReachOnlyThatUserAndSubmissionsOnlyAdmins() throws Exception {
        String applicant = "applicant-" + UUID.randomUUID();
        try (TestSocket admin = TestSocket.connect(ws, TestJwt.token("admin-" + UUID.randomUUID(), "admin"));
                TestSocket user = TestSocket.connect(ws, TestJwt.token(applicant, "user"));
                TestSocket other = TestSocket.connect(ws, TestJwt.token("other-" + UUID.randomUUID(), "user"))) {

            CloudEvent submitted = TestEvents.publish(new KycSubmitted("kyc-" + applicant, applicant));
            JsonNode notice = admin.awaitFrame(f -> "admin:notification".equals(f.path("event").asText())
                    && applicant.equals(f.path("data").path("data").path("userId").asText()));
            assertThat(notice.path("channel").asText()).isEqualTo("role:admin");
            assertThat(notice.path("timestamp").asText()).isEqualTo(submitted.time().toString());
            assertThat(notice.path("data").path("type").asText()).isEqualTo("kyc_submission");
            assertThat(notice.path("data").path("message").asText()).isEqualTo("KYC submitted for review by " + applicant);
            assertThat(notice.path("data").path("data").path("kycId").asText()).isEqualTo("kyc-" + applicant);

            TestEvents.publish(new KycRejected("kyc-" + applicant, applicant, "passport unreadable", "admin-1"));
            TestEvents.publish(new KycApproved("kyc-" + applicant, applicant, "admin-1"));
            await().atMost(Duration.ofSeconds(30)).until(() -> user.events("kyc:status").size() == 2);
            List<JsonNode> statuses = user.events("kyc:status");
            assertThat(statuses).extracting(f -> f.path("data").path("status").asText())
                    .containsExactly("rejected", "approved");
            assertThat(statuses.get(0).path("data").path("rejectionReason").asText()).isEqualTo("passport unreadable");
            assertThat(statuses.get(1).path("data").has("rejectionReason")).isFalse();
            assertThat(statuses).extracting(f -> f.path("data").path("userId").asText()).containsOnly(applicant);

            Thread.sleep(500);
            assertThat(user.events()).extracting(f -> f.path("channel").asText()).containsOnly("user:" + applicant);
            assertThat(admin.events("kyc:status")).isEmpty();
            assertThat(other.events()).isEmpty();
        }
    }

    @Test
    void marketplaceUpdatesReachSubscribersAndTheUsersConcernedUntilUnsubscribed() throws Exception {
        String run = UUID.randomUUID().toString();
        String loanId = "loan-" + run;
        String seller = "seller-" + run;
        String buyer = "buyer-" + run;
        String borrower = "borrower-" + run;
        try (TestSocket watcher = TestSocket.connect(ws, TestJwt.token("watcher-" + run, "user"));
                TestSocket sellerSocket = TestSocket.connect(ws, TestJwt.token(seller, "user"));
                TestSocket buyerSocket = TestSocket.connect(ws, TestJwt.token(buyer, "user"));
                TestSocket borrowerSocket = TestSocket.connect(ws, TestJwt.token(borrower, "user"));
                TestSocket bystander = TestSocket.connect(ws, TestJwt.token("bystander-" + run, "user", "admin"))) {
            watcher.send("{\"type\":\"subscribe\",\"channel\":\"public:marketplace\"}");
            JsonNode subscribed = watcher.awaitFrame(f -> "subscribed".equals(f.path("type").asText()));
            assertThat(subscribed.path("channel").asText()).isEqualTo("public:marketplace");
            assertThat(CursorCodec.decode(subscribed.path("cursor").asText())).containsKey("public:marketplace");

            TestEvents.publish(new LoanNoteListed(loanId, "nft-" + run, seller, new BigDecimal("1500.00"), "USDC"));
            JsonNode listed = watcher.awaitFrame(update(loanId, "new_listing"));
            assertThat(listed.path("channel").asText()).isEqualTo("public:marketplace");
            assertThat(listed.path("data").path("nftId").asText()).isEqualTo("nft-" + run);
            assertThat(listed.path("data").path("amount").decimalValue()).isEqualByComparingTo("1500");
            assertThat(sellerSocket.awaitFrame(update(loanId, "new_listing")).path("channel").asText())
                    .isEqualTo("user:" + seller);

            TestEvents.publish(new LoanNoteTransferred(loanId, "nft-" + run, seller, buyer, new BigDecimal("1400"), "USDC"));
            for (TestSocket concerned : List.of(watcher, sellerSocket, buyerSocket)) {
                JsonNode sold = concerned.awaitFrame(update(loanId, "ownership_transfer"));
                assertThat(sold.path("data").path("amount").decimalValue()).isEqualByComparingTo("1400");
            }

            TestEvents.publish(new RepaymentRecorded(loanId, "nft-" + run, borrower, buyer, new BigDecimal("100"),
                    new BigDecimal("1400")));
            for (TestSocket concerned : List.of(watcher, buyerSocket, borrowerSocket)) {
                JsonNode repaid = concerned.awaitFrame(update(loanId, "repayment"));
                assertThat(repaid.path("data").path("amount").decimalValue()).isEqualByComparingTo("100");
            }

            watcher.send("{\"type\":\"unsubscribe\",\"channel\":\"public:marketplace\"}");
            JsonNode unsubscribed = watcher.awaitFrame(f -> "unsubscribed".equals(f.path("type").asText()));
            assertThat(CursorCodec.decode(unsubscribed.path("cursor").asText())).doesNotContainKey("public:marketplace");
            TestEvents.publish(new RepaymentRecorded(loanId, "nft-" + run, borrower, buyer, new BigDecimal("50"),
                    new BigDecimal("1350")));
            buyerSocket.awaitFrame(f -> update(loanId, "repayment").test(f)
                    && f.path("data").path("amount").decimalValue().compareTo(new BigDecimal("50")) == 0);
            borrowerSocket.awaitFrame(f -> update(loanId, "repayment").test(f)
                    && f.path("data").path("amount").decimalValue().compareTo(new BigDecimal("50")) == 0);

            Thread.sleep(500);
            assertThat(watcher.events("marketplace:update")).filteredOn(f -> loanId.equals(f.path("data").path("loanId").asText()))
                    .extracting(f -> f.path("data").path("type").asText())
                    .containsExactly("new_listing", "ownership_transfer", "repayment");
            assertThat(sellerSocket.events()).extracting(f -> f.path("data").path("type").asText())
                    .containsExactly("new_listing", "ownership_transfer");
            assertThat(buyerSocket.events()).extracting(f -> f.path("data").path("type").asText())
                    .containsExactly("ownership_transfer", "repayment", "repayment");
            assertThat(borrowerSocket.events()).extracting(f -> f.path("data").path("type").asText())
                    .containsExactly("repayment", "repayment");
            assertThat(bystander.events("marketplace:update")).isEmpty();
        }
    }

    private static Predicate<JsonNode> update(String loanId, String type) {
        return f -> "marketplace:update".equals(f.path("event").asText())
                && loanId.equals(f.path("data").path("loanId").asText())
                && type.equals(f.path("data").path("type").asText());
    }

    @Test
    void aBurstKeepsPerChannelAndPerLoanOrder() throws Exception {
        String borrower = "burst-" + UUID.randomUUID();
        try (TestSocket user = TestSocket.connect(ws, TestJwt.token(borrower, "user"))) {
            List<String> loans = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
                String loanId = "loan-" + i + "-" + UUID.randomUUID();
                loans.add(loanId);
                TestEvents.publish(new LoanApproved(loanId, borrower, new BigDecimal(100 + i), "admin-1"));
                TestEvents.publish(new LoanFunded(loanId, borrower, new BigDecimal(100 + i), "0x" + i, "nft-" + i, "USDC"));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> user.events().size() >= 30);
            Thread.sleep(300);
            List<JsonNode> events = user.events();
            assertThat(events).hasSize(30);
            assertThat(events).extracting(f -> f.path("id").asText()).doesNotHaveDuplicates();

            Position previous = null;
            for (JsonNode frame : events) {
                Position position = Position.parse(frame.path("pos").asText());
                if (previous != null) {
                    assertThat(position.partition()).isEqualTo(previous.partition());
                    assertThat(position.offset()).isGreaterThan(previous.offset());
                }
                previous = position;
            }
            Map<String, List<String>> perLoan = new HashMap<>();
            events.forEach(f -> perLoan.computeIfAbsent(f.path("data").path("loanId").asText(), k -> new ArrayList<>())
                    .add(f.path("event").asText()));
            assertThat(perLoan).hasSize(15);
            perLoan.values().forEach(order -> assertThat(order).containsExactly("loan:status", "loan:funded"));
        }
    }

    @Test
    void aRedeliveredDomainEventIsDeliveredOnce() throws Exception {
        String borrower = "dup-" + UUID.randomUUID();
        try (TestSocket user = TestSocket.connect(ws, TestJwt.token(borrower, "user"))) {
            CloudEvent approved = CloudEvent.wrap("/orbitlend/loan-service",
                    new LoanApproved("loan-dup", borrower, new BigDecimal("10"), "admin-1"), java.time.Instant.now());
            TestEvents.publish(approved);
            TestEvents.publish(approved);
            TestEvents.publish(new LoanFunded("loan-dup", borrower, new BigDecimal("10"), "0xdup", "nft-dup", "USDC"));

            user.awaitFrame(f -> "loan:funded".equals(f.path("event").asText()));
            Thread.sleep(300);
            assertThat(user.events("loan:status")).hasSize(1);
            // the router did publish it twice (at-least-once), with the same notification id
            List<String> published = TestTopics.readAll(Topics.NOTIFICATIONS).stream()
                    .filter(r -> ("user:" + borrower).equals(r.key()))
                    .map(r -> idOf(r.value())).toList();
            // at least: the router is at-least-once itself, a rebalance may publish once more
            assertThat(published).hasSizeGreaterThanOrEqualTo(3);
            assertThat(published.get(0)).isEqualTo(published.get(1));
        }
    }

    @Test
    void aMalformedDomainRecordIsDeadLetteredAndConsumptionGoesOn() {
        String borrower = "dlq-" + UUID.randomUUID();
        try (TestSocket user = TestSocket.connect(ws, TestJwt.token(borrower, "user"))) {
            String garbage = "{not json " + UUID.randomUUID();
            TestTopics.produce(Topics.LOAN_EVENTS, "loan-bad", garbage);
            CloudEvent unknown = new CloudEvent("1.0", UUID.randomUUID().toString(), "/elsewhere",
                    "orbitlend.loan.exploded.v1", "loan-bad", java.time.Instant.now(), "application/json",
                    EventJson.mapper().createObjectNode().put("loanId", "loan-bad"));
            TestEvents.publish(unknown);
            TestEvents.publish(new LoanApproved("loan-after-bad", borrower, new BigDecimal("42"), "admin-1"));

            JsonNode after = user.awaitFrame(f -> "loan:status".equals(f.path("event").asText()));
            assertThat(after.path("data").path("loanId").asText()).isEqualTo("loan-after-bad");

            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                List<ConsumerRecord<String, String>> dlq = TestTopics.readAll(Topics.NOTIFICATIONS_DLQ);
                ConsumerRecord<String, String> bad = dlq.stream().filter(r -> garbage.equals(r.value()))
                        .findFirst().orElseThrow();
                assertThat(header(bad, DeadLetterHeaders.REASON)).contains("Not a valid CloudEvent");
                assertThat(header(bad, DeadLetterHeaders.TOPIC)).isEqualTo(Topics.LOAN_EVENTS);
                assertThat(header(bad, DeadLetterHeaders.CONSUMER)).isEqualTo("notification-gateway-router");
                assertThat(bad.key()).isEqualTo("loan-bad");
                ConsumerRecord<String, String> unknownType = dlq.stream()
                        .filter(r -> r.value().contains(unknown.id())).findFirst().orElseThrow();
                assertThat(header(unknownType, DeadLetterHeaders.REASON)).contains("Unknown event type");
            });
        }
    }

    private static String idOf(String notification) {
        try {
            return EventJson.mapper().readTree(notification).path("id").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
