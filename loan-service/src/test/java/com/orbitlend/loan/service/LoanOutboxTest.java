package com.orbitlend.loan.service;

import com.orbitlend.events.CloudEvent;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.EventType;
import com.orbitlend.events.Topics;
import com.orbitlend.events.loan.LoanApproved;
import com.orbitlend.events.loan.LoanFunded;
import com.orbitlend.events.loan.LoanRejected;
import com.orbitlend.events.loan.LoanRequested;
import com.orbitlend.loan.LoanServiceTestProfile;
import com.orbitlend.testkit.kafka.TestTopics;
import com.orbitlend.testkit.outbox.OutboxRows;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import static com.orbitlend.loan.KycEvents.approvedBorrower;
import static com.orbitlend.loan.LoanApi.approve;
import static com.orbitlend.loan.LoanApi.fund;
import static com.orbitlend.loan.LoanApi.newUser;
import static com.orbitlend.loan.LoanApi.nftIdOf;
import static com.orbitlend.loan.LoanApi.reject;
import static com.orbitlend.loan.LoanApi.requestLoan;
import static com.orbitlend.loan.LoanApi.txHashOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@TestProfile(LoanServiceTestProfile.class)
class LoanOutboxTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void lifecycleEventsReachKafkaInOrderKeyedByLoan() throws Exception {
        String user = approvedBorrower();
        String id = requestLoan(user);
        approve(id).statusCode(200);
        fund(id).statusCode(200);

        List<ConsumerRecord<String, String>> records = TestTopics.awaitRecords(Topics.LOAN_EVENTS, id, 3);

        assertThat(records).hasSize(3).allSatisfy(r -> assertThat(r.key()).isEqualTo(id));
        List<CloudEvent> events = records.stream().map(r -> read(r.value())).toList();
        assertThat(events).extracting(CloudEvent::type).containsExactly(EventType.LOAN_REQUESTED.type(),
                EventType.LOAN_APPROVED.type(), EventType.LOAN_FUNDED.type());
        assertThat(events).allSatisfy(e -> {
            assertThat(e.source()).isEqualTo("/orbitlend/loan-service");
            assertThat(e.subject()).isEqualTo(id);
            assertThat(e.specversion()).isEqualTo("1.0");
        });
        assertThat(events).extracting(CloudEvent::id).doesNotHaveDuplicates();

        LoanRequested requested = (LoanRequested) EventJson.payload(events.get(0));
        assertThat(requested.userId()).isEqualTo(user);
        assertThat(requested.amount()).isEqualByComparingTo("1000");
        assertThat(requested.asset()).isEqualTo("USDC");
        assertThat(requested.collateral().asset()).isEqualTo("ETH");
        assertThat(requested.collateral().amount()).isEqualByComparingTo(new BigDecimal("2.5"));
        LoanApproved approved = (LoanApproved) EventJson.payload(events.get(1));
        assertThat(approved.approvedBy()).isEqualTo("admin-1");
        assertThat(approved.amount()).isEqualTo(new BigDecimal("1000"));
        LoanFunded funded = (LoanFunded) EventJson.payload(events.get(2));
        assertThat(funded.txHash()).isEqualTo(txHashOf(id));
        assertThat(funded.nftId()).isEqualTo(nftIdOf(id));
        assertThat(funded.asset()).isEqualTo("USDC");
        assertThat(funded.amount()).isEqualTo(new BigDecimal("1000"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(OutboxRows.of(dataSource, id))
                .hasSize(3).allMatch(OutboxRows.Row::published));
    }

    @Test
    void rejectionIsPublishedWithReason() throws Exception {
        String id = requestLoan(newUser());
        reject(id, "Collateral too volatile").statusCode(200);

        List<ConsumerRecord<String, String>> records = TestTopics.awaitRecords(Topics.LOAN_EVENTS, id, 2);

        LoanRejected rejected = (LoanRejected) EventJson.payload(read(records.get(1).value()));
        assertThat(rejected.reason()).isEqualTo("Collateral too volatile");
        assertThat(rejected.rejectedBy()).isEqualTo("admin-1");
    }

    @Test
    void failedChangesRecordNoEvent() {
        String id = requestLoan(approvedBorrower());
        fund(id).statusCode(409);
        approve(id).statusCode(200);
        approve(id).statusCode(409);
        reject(id, "too late").statusCode(409);

        assertThat(OutboxRows.of(dataSource, id)).extracting(OutboxRows.Row::eventType)
                .containsExactly(EventType.LOAN_REQUESTED.type(), EventType.LOAN_APPROVED.type());
    }

    private static CloudEvent read(String json) {
        try {
            return EventJson.readEvent(json);
        } catch (Exception e) {
            throw new AssertionError("Not a CloudEvent: " + json, e);
        }
    }
}
