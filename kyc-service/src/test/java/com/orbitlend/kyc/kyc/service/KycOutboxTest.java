package com.orbitlend.kyc.kyc.service;

import com.orbitlend.events.CloudEvent;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.EventType;
import com.orbitlend.events.Topics;
import com.orbitlend.events.kyc.KycApproved;
import com.orbitlend.events.kyc.KycRejected;
import com.orbitlend.events.kyc.KycSubmitted;
import com.orbitlend.kyc.AuthApi;
import com.orbitlend.kyc.KycApi;
import com.orbitlend.kyc.KycTestProfile;
import com.orbitlend.testkit.kafka.TestTopics;
import com.orbitlend.testkit.outbox.OutboxRows;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static com.orbitlend.kyc.AuthApi.newSession;
import static com.orbitlend.kyc.KycApi.approve;
import static com.orbitlend.kyc.KycApi.reject;
import static com.orbitlend.kyc.KycApi.submit;
import static com.orbitlend.kyc.KycApi.submitted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@TestProfile(KycTestProfile.class)
class KycOutboxTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void lifecycleEventsReachKafkaInOrderKeyedByUser() throws Exception {
        AuthApi.Session user = newSession();
        String rejectedId = submitted(user);
        reject(rejectedId, "Blurry scan").statusCode(200);
        String approvedId = submitted(user);
        approve(approvedId).statusCode(200);

        List<ConsumerRecord<String, String>> records = TestTopics.awaitRecords(Topics.KYC_EVENTS, user.id(), 4);

        assertThat(records).hasSize(4).allSatisfy(r -> assertThat(r.key()).isEqualTo(user.id()));
        List<CloudEvent> events = records.stream().map(r -> read(r.value())).toList();
        assertThat(events).extracting(CloudEvent::type).containsExactly(EventType.KYC_SUBMITTED.type(),
                EventType.KYC_REJECTED.type(), EventType.KYC_SUBMITTED.type(), EventType.KYC_APPROVED.type());
        assertThat(events).allSatisfy(e -> {
            assertThat(e.source()).isEqualTo("/orbitlend/kyc-service");
            assertThat(e.subject()).isEqualTo(user.id());
        });
        assertThat(records).allSatisfy(r -> assertThat(r.value()).doesNotContain("Ada", "Lovelace", "1990",
                "upload-123"));

        assertThat(EventJson.payload(events.get(0))).isEqualTo(new KycSubmitted(rejectedId, user.id()));
        String adminId = KycApi.admin().id();
        assertThat(EventJson.payload(events.get(1)))
                .isEqualTo(new KycRejected(rejectedId, user.id(), "Blurry scan", adminId));
        assertThat(EventJson.payload(events.get(3))).isEqualTo(new KycApproved(approvedId, user.id(), adminId));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(OutboxRows.of(dataSource, user.id()))
                .hasSize(4).allMatch(OutboxRows.Row::published));
    }

    @Test
    void refusedChangesRecordNoEvent() {
        AuthApi.Session user = newSession();
        String id = submitted(user);
        submit(user.accessToken()).statusCode(409);
        approve(id).statusCode(200);
        approve(id).statusCode(409);
        reject(id, "too late").statusCode(409);
        submit(user.accessToken()).statusCode(409);

        assertThat(OutboxRows.of(dataSource, user.id())).extracting(OutboxRows.Row::eventType)
                .containsExactly(EventType.KYC_SUBMITTED.type(), EventType.KYC_APPROVED.type());
    }

    private static CloudEvent read(String json) {
        try {
            return EventJson.readEvent(json);
        } catch (Exception e) {
            throw new AssertionError("Not a CloudEvent: " + json, e);
        }
    }
}
