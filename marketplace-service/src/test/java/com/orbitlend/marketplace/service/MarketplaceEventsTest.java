package com.orbitlend.marketplace.service;

import com.orbitlend.events.CloudEvent;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.EventType;
import com.orbitlend.events.Topics;
import com.orbitlend.events.marketplace.LoanNoteListed;
import com.orbitlend.events.marketplace.LoanNoteTransferred;
import com.orbitlend.events.marketplace.LoanNoteWithdrawn;
import com.orbitlend.events.marketplace.RepaymentRecorded;
import com.orbitlend.marketplace.MarketApi.FundedNote;
import com.orbitlend.marketplace.MarketplaceTestProfile;
import com.orbitlend.marketplace.Rows;
import com.orbitlend.testkit.kafka.TestTopics;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.orbitlend.marketplace.MarketApi.asAdmin;
import static com.orbitlend.marketplace.MarketApi.asUser;
import static com.orbitlend.marketplace.MarketApi.buy;
import static com.orbitlend.marketplace.MarketApi.fundedNote;
import static com.orbitlend.marketplace.MarketApi.list;
import static com.orbitlend.marketplace.MarketApi.newUser;
import static com.orbitlend.marketplace.MarketApi.repay;
import static com.orbitlend.marketplace.MarketApi.withdraw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@TestProfile(MarketplaceTestProfile.class)
class MarketplaceEventsTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void listTransferAndRepaymentReachKafkaInOrderKeyedByLoan() throws Exception {
        FundedNote note = fundedNote("1000");
        String buyer = newUser();
        list(asAdmin(), note.nftId(), "950.50").statusCode(200);
        buy(asUser(buyer), note.nftId()).statusCode(200);
        list(asUser(buyer), note.nftId(), "990").statusCode(200);
        withdraw(asUser(buyer), note.nftId()).statusCode(204);
        repay(asUser(note.borrower()), note.loanId(), "250.25").statusCode(201);

        List<ConsumerRecord<String, String>> records = TestTopics.awaitRecords(Topics.MARKETPLACE_EVENTS,
                r -> note.loanId().equals(r.key()), 5);

        assertThat(records).hasSize(5);
        List<CloudEvent> events = records.stream().map(r -> read(r.value())).toList();
        assertThat(events).extracting(CloudEvent::type).containsExactly(EventType.LOAN_NOTE_LISTED.type(),
                EventType.LOAN_NOTE_TRANSFERRED.type(), EventType.LOAN_NOTE_LISTED.type(),
                EventType.LOAN_NOTE_WITHDRAWN.type(), EventType.REPAYMENT_RECORDED.type());
        assertThat(events).allSatisfy(e -> {
            assertThat(e.source()).isEqualTo("/orbitlend/marketplace-service");
            assertThat(e.subject()).isEqualTo(note.loanId());
        });
        assertThat(EventJson.payload(events.get(0))).isEqualTo(
                new LoanNoteListed(note.loanId(), note.nftId(), "treasury", new BigDecimal("950.5"), "USDC"));
        assertThat(EventJson.payload(events.get(1))).isEqualTo(new LoanNoteTransferred(note.loanId(), note.nftId(),
                "treasury", buyer, new BigDecimal("950.5"), "USDC"));
        assertThat(EventJson.payload(events.get(2))).isEqualTo(
                new LoanNoteListed(note.loanId(), note.nftId(), buyer, new BigDecimal("990"), "USDC"));
        assertThat(EventJson.payload(events.get(3))).isEqualTo(
                new LoanNoteWithdrawn(note.loanId(), note.nftId(), buyer));
        assertThat(EventJson.payload(events.get(4))).isEqualTo(new RepaymentRecorded(note.loanId(), note.nftId(),
                note.borrower(), buyer, new BigDecimal("250.25"), new BigDecimal("749.75")));
    }

    @Test
    void withdrawalByAnAdminIsPublishedWithTheTreasuryAsSeller() throws Exception {
        FundedNote note = fundedNote("300");
        list(asAdmin(), note.nftId(), "280").statusCode(200);
        withdraw(asAdmin(), note.nftId()).statusCode(204);

        CloudEvent withdrawn = read(TestTopics.awaitRecords(Topics.MARKETPLACE_EVENTS,
                r -> note.loanId().equals(r.key()), 2).get(1).value());

        assertThat(withdrawn.type()).isEqualTo("orbitlend.marketplace.listing_withdrawn.v1");
        assertThat(withdrawn.subject()).isEqualTo(note.loanId());
        assertThat(EventJson.payload(withdrawn)).isEqualTo(
                new LoanNoteWithdrawn(note.loanId(), note.nftId(), "treasury"));
    }

    @Test
    void theLastRepaymentEndsAnOpenListingAndPublishesItsWithdrawal() throws Exception {
        FundedNote note = fundedNote("500");
        list(asAdmin(), note.nftId(), "450").statusCode(200);
        repay(asUser(note.borrower()), note.loanId(), "200").statusCode(201);
        repay(asUser(note.borrower()), note.loanId(), "300").statusCode(201);

        List<CloudEvent> events = TestTopics.awaitRecords(Topics.MARKETPLACE_EVENTS,
                r -> note.loanId().equals(r.key()), 4).stream().map(r -> read(r.value())).toList();

        assertThat(events).extracting(CloudEvent::type).containsExactly(EventType.LOAN_NOTE_LISTED.type(),
                EventType.REPAYMENT_RECORDED.type(), EventType.REPAYMENT_RECORDED.type(),
                EventType.LOAN_NOTE_WITHDRAWN.type());
        assertThat(EventJson.payload(events.get(3))).isEqualTo(
                new LoanNoteWithdrawn(note.loanId(), note.nftId(), "treasury"));
        asUser(newUser()).get("/api/marketplace/notes/{nftId}", note.nftId()).then()
                .body("status", equalTo("repaid"));
    }

    @Test
    void theLastRepaymentOfAHeldNoteRecordsNoWithdrawal() {
        FundedNote note = fundedNote("50");
        repay(asUser(note.borrower()), note.loanId(), "50").statusCode(201);

        assertThat(Rows.outboxTypes(dataSource, note.loanId()))
                .containsExactly(EventType.REPAYMENT_RECORDED.type());
    }

    @Test
    void failedChangesRecordNoEvent() {
        FundedNote note = fundedNote("100");
        String stranger = newUser();
        list(asUser(stranger), note.nftId(), "90").statusCode(403);
        buy(asUser(stranger), note.nftId()).statusCode(409);
        withdraw(asAdmin(), note.nftId()).statusCode(409);
        repay(asUser(stranger), note.loanId(), "1").statusCode(403);
        repay(asUser(note.borrower()), note.loanId(), "101").statusCode(409);
        list(asAdmin(), note.nftId(), "0").statusCode(400);
        list(asAdmin(), note.nftId(), "90").statusCode(200);
        list(asAdmin(), note.nftId(), "80").statusCode(409);
        buy(asAdmin(), note.nftId()).statusCode(409);

        assertThat(Rows.outboxTypes(dataSource, note.loanId())).containsExactly(EventType.LOAN_NOTE_LISTED.type());
    }

    @Test
    void racingBuyersOneWinsOneGetsAConflict() throws Exception {
        for (int round = 0; round < 3; round++) {
            FundedNote note = fundedNote("100");
            list(asAdmin(), note.nftId(), "95").statusCode(200);
            String first = newUser();
            String second = newUser();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<Integer> a = pool.submit(purchase(start, first, note.nftId()));
                Future<Integer> b = pool.submit(purchase(start, second, note.nftId()));
                start.countDown();
                assertThat(List.of(a.get(), b.get())).containsExactlyInAnyOrder(200, 409);
                String winner = a.get() == 200 ? first : second;
                asUser(newUser()).get("/api/marketplace/notes/{nftId}", note.nftId()).then()
                        .body("owner", equalTo(winner)).body("status", equalTo("held"));
                assertThat(Rows.outboxTypes(dataSource, note.loanId())).containsExactly(
                        EventType.LOAN_NOTE_LISTED.type(), EventType.LOAN_NOTE_TRANSFERRED.type());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static Callable<Integer> purchase(CountDownLatch start, String buyer, String nftId) {
        return () -> {
            start.await();
            return buy(asUser(buyer), nftId).extract().statusCode();
        };
    }

    private static CloudEvent read(String json) {
        try {
            return EventJson.readEvent(json);
        } catch (Exception e) {
            throw new AssertionError("Not a CloudEvent: " + json, e);
        }
    }
}
