package com.orbitlend.gateway.routing;

import com.orbitlend.events.CloudEvent;
import com.orbitlend.events.EventJson;
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
import com.orbitlend.events.marketplace.LoanNoteWithdrawn;
import com.orbitlend.events.marketplace.RepaymentRecorded;
import com.orbitlend.events.notification.Notification;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotificationRouterTest {

    private static final Instant AT = Instant.parse("2025-01-02T03:04:05.678Z");
    private final NotificationRouter router = new NotificationRouter();

    @Test
    void aLoanRequestNotifiesAdminsTwice() throws Exception {
        CloudEvent event = CloudEvent.wrap("/test", new LoanRequested("loan-1", "alice", new BigDecimal("1500"), "USDC",
                "rent", new Collateral("ETH", new BigDecimal("2"))), AT);

        List<Notification> routed = router.route(event);

        assertThat(routed).extracting(Notification::event).containsExactly("loan:new", "admin:notification");
        assertThat(routed).extracting(Notification::channel).containsOnly("role:admin");
        assertThat(routed).extracting(Notification::time).containsOnly(AT);
        assertThat(routed).extracting(Notification::sourceEventId).containsOnly(event.id());
        var loanNew = routed.get(0).data();
        assertThat(loanNew.path("loanId").asText()).isEqualTo("loan-1");
        assertThat(loanNew.path("userId").asText()).isEqualTo("alice");
        assertThat(loanNew.path("purpose").asText()).isEqualTo("rent");
        assertThat(loanNew.path("collateral").path("asset").asText()).isEqualTo("ETH");
        assertThat(loanNew.path("timestamp").asText()).isEqualTo(AT.toString());
        var notice = routed.get(1).data();
        assertThat(notice.path("type").asText()).isEqualTo("loan_request");
        assertThat(notice.path("message").asText()).isEqualTo("New loan request: 1500 USDC from alice");
        assertThat(notice.path("data")).isEqualTo(loanNew);
    }

    @Test
    void approvalRejectionAndFundingGoToTheBorrower() throws Exception {
        var approved = router.route(CloudEvent.wrap("/t", new LoanApproved("l", "bob", new BigDecimal("9"), "a"), AT)).get(0);
        assertThat(approved.channel()).isEqualTo("user:bob");
        assertThat(approved.event()).isEqualTo("loan:status");
        assertThat(approved.data().path("status").asText()).isEqualTo("approved");
        assertThat(approved.data().path("amount").decimalValue()).isEqualByComparingTo("9");
        assertThat(approved.data().has("rejectionReason")).isFalse();

        var rejected = router.route(CloudEvent.wrap("/t", new LoanRejected("l", "bob", null, "too risky", "a"), AT)).get(0);
        assertThat(rejected.data().path("status").asText()).isEqualTo("rejected");
        assertThat(rejected.data().path("rejectionReason").asText()).isEqualTo("too risky");

        var funded = router.route(CloudEvent.wrap("/t", new LoanFunded("l", "bob", BigDecimal.TEN, "0x1", "nft", "USDC"), AT)).get(0);
        assertThat(funded.event()).isEqualTo("loan:funded");
        assertThat(funded.data().path("txHash").asText()).isEqualTo("0x1");
        assertThat(funded.data().path("nftId").asText()).isEqualTo("nft");
        assertThat(funded.data().path("timestamp").asText()).isEqualTo(AT.toString());
    }

    @Test
    void aKycSubmissionNotifiesAdmins() throws Exception {
        List<Notification> routed = router.route(CloudEvent.wrap("/kyc", new KycSubmitted("kyc-1", "carol"), AT));

        assertThat(routed).hasSize(1);
        Notification notice = routed.get(0);
        assertThat(notice.channel()).isEqualTo("role:admin");
        assertThat(notice.event()).isEqualTo("admin:notification");
        assertThat(notice.time()).isEqualTo(AT);
        assertThat(notice.data().path("type").asText()).isEqualTo("kyc_submission");
        assertThat(notice.data().path("message").asText()).isEqualTo("KYC submitted for review by carol");
        assertThat(notice.data().path("data").path("kycId").asText()).isEqualTo("kyc-1");
        assertThat(notice.data().path("data").path("userId").asText()).isEqualTo("carol");
        assertThat(notice.data().path("timestamp").asText()).isEqualTo(AT.toString());
    }

    @Test
    void kycDecisionsGoToTheUserOnly() throws Exception {
        List<Notification> approved = router.route(CloudEvent.wrap("/kyc", new KycApproved("kyc-1", "carol", "admin-1"), AT));
        assertThat(approved).extracting(Notification::channel).containsExactly("user:carol");
        assertThat(approved.get(0).event()).isEqualTo("kyc:status");
        assertThat(approved.get(0).data().path("userId").asText()).isEqualTo("carol");
        assertThat(approved.get(0).data().path("status").asText()).isEqualTo("approved");
        assertThat(approved.get(0).data().has("rejectionReason")).isFalse();
        assertThat(approved.get(0).data().path("timestamp").asText()).isEqualTo(AT.toString());

        List<Notification> rejected = router.route(CloudEvent.wrap("/kyc",
                new KycRejected("kyc-1", "carol", "document unreadable", "admin-1"), AT));
        assertThat(rejected).extracting(Notification::channel).containsExactly("user:carol");
        assertThat(rejected.get(0).data().path("status").asText()).isEqualTo("rejected");
        assertThat(rejected.get(0).data().path("rejectionReason").asText()).isEqualTo("document unreadable");
    }

    @Test
    void marketplaceChangesGoToThePublicChannelAndTheUsersConcerned() throws Exception {
        List<Notification> listed = router.route(CloudEvent.wrap("/market",
                new LoanNoteListed("loan-1", "nft-1", "treasury", new BigDecimal("1500.00"), "USDC"), AT));
        assertThat(listed).extracting(Notification::channel).containsExactly("public:marketplace", "user:treasury");
        assertThat(listed).extracting(Notification::event).containsOnly("marketplace:update");
        assertThat(listed).extracting(Notification::time).containsOnly(AT);
        var update = listed.get(0).data();
        assertThat(update.path("type").asText()).isEqualTo("new_listing");
        assertThat(update.path("loanId").asText()).isEqualTo("loan-1");
        assertThat(update.path("nftId").asText()).isEqualTo("nft-1");
        assertThat(update.path("amount").decimalValue()).isEqualTo(new BigDecimal("1500.00"));
        assertThat(update.path("timestamp").asText()).isEqualTo(AT.toString());
        assertThat(listed.get(1).data()).isEqualTo(update);
        assertThat(listed.get(0).id()).isNotEqualTo(listed.get(1).id());

        List<Notification> sold = router.route(CloudEvent.wrap("/market",
                new LoanNoteTransferred("loan-1", "nft-1", "dave", "erin", new BigDecimal("1400"), "USDC"), AT));
        assertThat(sold).extracting(Notification::channel)
                .containsExactly("public:marketplace", "user:dave", "user:erin");
        assertThat(sold.get(0).data().path("type").asText()).isEqualTo("ownership_transfer");
        assertThat(sold.get(0).data().path("amount").decimalValue()).isEqualByComparingTo("1400");

        List<Notification> repaid = router.route(CloudEvent.wrap("/market",
                new RepaymentRecorded("loan-1", "nft-1", "bob", "erin", new BigDecimal("100"), new BigDecimal("1400")), AT));
        assertThat(repaid).extracting(Notification::channel)
                .containsExactly("public:marketplace", "user:erin", "user:bob");
        assertThat(repaid.get(0).data().path("type").asText()).isEqualTo("repayment");
        assertThat(repaid.get(0).data().path("amount").decimalValue()).isEqualByComparingTo("100");
    }

    @Test
    void aWithdrawnListingGoesToThePublicChannelAndTheSeller() throws Exception {
        List<Notification> withdrawn = router.route(CloudEvent.wrap("/market",
                new LoanNoteWithdrawn("loan-2", "nft-2", "frank"), AT));

        assertThat(withdrawn).extracting(Notification::channel).containsExactly("public:marketplace", "user:frank");
        assertThat(withdrawn).extracting(Notification::event).containsOnly("marketplace:update");
        var update = withdrawn.get(0).data();
        assertThat(update.path("type").asText()).isEqualTo("listing_withdrawn");
        assertThat(update.path("loanId").asText()).isEqualTo("loan-2");
        assertThat(update.path("nftId").asText()).isEqualTo("nft-2");
        assertThat(update.has("amount")).isFalse();
        assertThat(update.path("timestamp").asText()).isEqualTo(AT.toString());
        assertThat(withdrawn.get(1).data()).isEqualTo(update);
    }

    @Test
    void aUserConcernedTwiceIsNotifiedOnce() throws Exception {
        List<Notification> repaid = router.route(CloudEvent.wrap("/market",
                new RepaymentRecorded("loan-1", "nft-1", "bob", "bob", BigDecimal.ONE, BigDecimal.TEN), AT));
        assertThat(repaid).extracting(Notification::channel).containsExactly("public:marketplace", "user:bob");
    }

    @Test
    void idsAreStableForARedeliveredEventAndDistinctOtherwise() throws Exception {
        CloudEvent event = CloudEvent.wrap("/t", new LoanRequested("l", "a", BigDecimal.ONE, "USDC", null,
                new Collateral("ETH", BigDecimal.ONE)), AT);
        CloudEvent copy = EventJson.readEvent(EventJson.write(event));

        List<Notification> first = router.route(event);
        assertThat(router.route(copy)).extracting(Notification::id)
                .containsExactlyElementsOf(first.stream().map(Notification::id).toList());
        assertThat(first.get(0).id()).isNotEqualTo(first.get(1).id());
        CloudEvent other = CloudEvent.wrap("/t", new LoanApproved("l", "a", BigDecimal.ONE, "x"), AT);
        assertThat(router.route(other).get(0).id()).isNotIn(first.get(0).id(), first.get(1).id());
    }

    @Test
    void unknownTypesAndInvalidPayloadsAreRefusedWithAReason() {
        var data = EventJson.mapper().createObjectNode().put("loanId", "l");
        assertThatThrownBy(() -> router.route(new CloudEvent("1.0", "id-1", "/t", "orbitlend.loan.unknown.v1", "l", AT,
                "application/json", data))).isInstanceOf(RoutingException.class).hasMessageContaining("Unknown event type");
        assertThatThrownBy(() -> router.route(new CloudEvent("1.0", "id-2", "/t", "orbitlend.loan.approved.v1", "l", AT,
                "application/json", data))).isInstanceOf(RoutingException.class).hasMessageContaining("Invalid payload");
        var badUser = EventJson.mapper().createObjectNode().put("loanId", "l").put("userId", "no spaces allowed")
                .put("amount", 5);
        assertThatThrownBy(() -> router.route(new CloudEvent("1.0", "id-3", "/t", "orbitlend.loan.approved.v1", "l", AT,
                "application/json", badUser))).isInstanceOf(RoutingException.class).hasMessageContaining("channel");
    }
}
