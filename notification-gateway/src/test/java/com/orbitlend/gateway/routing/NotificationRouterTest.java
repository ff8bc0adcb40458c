package com.orbitlend.gateway.routing;

import com.orbitlend.events.CloudEvent;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.loan.Collateral;
import com.orbitlend.events.loan.LoanApproved;
import com.orbitlend.events.loan.LoanFunded;
import com.orbitlend.events.loan.LoanRejected;
import com.orbitlend.events.loan.LoanRequested;
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

        var funded = router.route(CloudEvent.wrap("/t", new LoanFunded("l", "bob", BigDecimal.TEN, "0x1", "nft"), AT)).get(0);
        assertThat(funded.event()).isEqualTo("loan:funded");
        assertThat(funded.data().path("txHash").asText()).isEqualTo("0x1");
        assertThat(funded.data().path("nftId").asText()).isEqualTo("nft");
        assertThat(funded.data().path("timestamp").asText()).isEqualTo(AT.toString());
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
