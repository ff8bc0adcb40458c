package com.orbitlend.loan.service;

import com.orbitlend.events.Topics;
import com.orbitlend.kit.outbox.OutboxConfig;
import com.orbitlend.kit.outbox.OutboxProducers;
import com.orbitlend.kit.outbox.OutboxPublisher;
import com.orbitlend.kit.outbox.OutboxRelay;
import com.orbitlend.loan.LoanServiceTestProfile;
import com.orbitlend.testkit.kafka.KafkaTestBroker;
import com.orbitlend.testkit.kafka.TestTopics;
import com.orbitlend.testkit.outbox.OutboxRows;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import static com.orbitlend.loan.LoanApi.newUser;
import static com.orbitlend.loan.LoanApi.requestLoan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay against real failures, no mocks: a relay whose broker address is a closed port (Kafka down),
 * and a second publisher while another instance holds the advisory lock. The application's own scheduled
 * relay is paused meanwhile (a production API) so nothing else publishes the rows under test.
 */
@QuarkusTest
@TestProfile(LoanServiceTestProfile.class)
class OutboxRelayResilienceTest {

    @Inject
    OutboxRelay relay;
    @Inject
    OutboxPublisher publisher;
    @Inject
    OutboxConfig config;
    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void pauseTheApplicationsRelay() throws SQLException {
        relay.pause();
        // a pass that started before the pause holds the lock until it commits: wait for it
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            lock(c, "select pg_advisory_xact_lock(?)");
            c.commit();
        }
    }

    @AfterEach
    void resumeTheApplicationsRelay() {
        relay.resume();
    }

    @Test
    void rowsStayPendingWhileKafkaIsDownAndArePublishedWhenItIsBack() throws IOException {
        String id = requestLoan(newUser());
        assertThat(OutboxRows.of(dataSource, id)).singleElement()
                .satisfies(row -> assertThat(row.published()).isFalse());

        OutboxRelay deadBrokerRelay = new OutboxRelay(publisher, config, "127.0.0.1:" + closedPort(), Map.of());
        try {
            deadBrokerRelay.poll();
        } finally {
            deadBrokerRelay.close();
        }

        assertThat(deadBrokerRelay.outageSince()).isNotNull();
        assertThat(OutboxRows.of(dataSource, id)).singleElement().satisfies(row -> {
            assertThat(row.published()).isFalse();
            assertThat(row.attempts()).isEqualTo(1);
            assertThat(row.lastError()).isNotBlank();
        });

        relay.resume();

        assertThat(TestTopics.awaitRecords(Topics.LOAN_EVENTS, id, 1)).singleElement()
                .satisfies(r -> assertThat(r.key()).isEqualTo(id));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(OutboxRows.of(dataSource, id))
                .singleElement().satisfies(row -> assertThat(row.published()).isTrue()));
    }

    @Test
    void onlyTheLockHolderPublishes() throws SQLException {
        String id = requestLoan(newUser());
        Duration ackTimeout = Duration.ofSeconds(20);
        try (Producer<String, String> producer = OutboxProducers.create(KafkaTestBroker.bootstrapServers(),
                Map.of(), Duration.ofSeconds(5))) {
            try (Connection otherInstance = dataSource.getConnection()) {
                otherInstance.setAutoCommit(false);
                lock(otherInstance, "select pg_advisory_xact_lock(?)");

                assertThat(publisher.publishPending(producer, 100, ackTimeout)).isZero();
                assertThat(OutboxRows.of(dataSource, id)).singleElement()
                        .satisfies(row -> assertThat(row.published()).isFalse());

                otherInstance.commit();
            }
            assertThat(publisher.publishPending(producer, 100, ackTimeout)).isPositive();
        }
        assertThat(OutboxRows.of(dataSource, id)).singleElement()
                .satisfies(row -> assertThat(row.published()).isTrue());
        assertThat(TestTopics.awaitRecords(Topics.LOAN_EVENTS, id, 1)).hasSize(1);
    }

    private static void lock(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, OutboxPublisher.LOCK_KEY);
            s.execute();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
