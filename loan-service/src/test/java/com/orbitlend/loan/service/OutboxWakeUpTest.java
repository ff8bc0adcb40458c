package com.orbitlend.loan.service;

import com.orbitlend.events.Topics;
import com.orbitlend.kit.outbox.OutboxWakeListener;
import com.orbitlend.loan.LoanServiceTestProfile;
import com.orbitlend.testkit.kafka.KafkaTestBroker;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.orbitlend.loan.LoanApi.newUser;
import static com.orbitlend.loan.LoanApi.requestLoan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay is woken by PostgreSQL NOTIFY at commit, so a committed change reaches Kafka long before the fallback
 * poll, which this profile sets to 30 s; and when notifications are lost, the poll still publishes.
 */
@QuarkusTest
@TestProfile(OutboxWakeUpTest.SlowPoll.class)
class OutboxWakeUpTest {

    /** Correctness bound (not a benchmark): far below the 30 s fallback poll. */
    private static final Duration WAKE_UP_BOUND = Duration.ofSeconds(5);

    /** The usual test resources, with a fallback poll too slow to explain a fast publication. */
    public static class SlowPoll extends LoanServiceTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("orbitlend.outbox.poll-interval", "30s");
        }
    }

    @Inject
    OutboxWakeListener listener;
    @Inject
    AgroalDataSource dataSource;

    @AfterEach
    void listenAgain() {
        listener.start();
    }

    @Test
    void committedRowsArePublishedLongBeforeTheFallbackPoll() {
        await().atMost(Duration.ofSeconds(30)).until(listener::listening);
        try (KafkaConsumer<String, String> consumer = consumerAtEnd()) {
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                String id = requestLoan(newUser());
                awaitRecord(consumer, id, WAKE_UP_BOUND);
                System.out.printf("REST commit -> Kafka record: %d ms%n", (System.nanoTime() - start) / 1_000_000);
            }
        }
    }

    @Test
    void theListenerReconnectsWhenItsConnectionIsKilled() throws SQLException {
        await().atMost(Duration.ofSeconds(30)).until(listener::listening);
        int killed = listenerPid().orElseThrow();
        query("select pg_terminate_backend(?)", killed);

        // a new listening connection (the first reconnection attempt waits the initial backoff, 1 s)
        await().atMost(Duration.ofSeconds(20))
                .until(() -> listener.listening() && listenerPid().filter(pid -> pid != killed).isPresent());
        try (KafkaConsumer<String, String> consumer = consumerAtEnd()) {
            String id = requestLoan(newUser());
            awaitRecord(consumer, id, WAKE_UP_BOUND);
        }
    }

    @Test
    void withoutNotificationsTheFallbackPollStillPublishes() {
        listener.stop();
        assertThat(listener.listening()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> listenerPid().isEmpty());

        try (KafkaConsumer<String, String> consumer = consumerAtEnd()) {
            String id = requestLoan(newUser());
            // at most one poll interval (30 s) plus the publication itself
            awaitRecord(consumer, id, Duration.ofSeconds(45));
        }
    }

    private Optional<Integer> listenerPid() {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select pid from pg_stat_activity where datname = current_database() and application_name = ?")) {
            s.setString(1, OutboxWakeListener.APPLICATION_NAME);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getInt(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void query(String sql, int parameter) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setInt(1, parameter);
            s.execute();
        }
    }

    /** A consumer of every partition of the loan events, positioned at their current ends. */
    private static KafkaConsumer<String, String> consumerAtEnd() {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = await().atMost(Duration.ofSeconds(30))
                .until(() -> consumer.partitionsFor(Topics.LOAN_EVENTS), p -> p != null && !p.isEmpty())
                .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private static void awaitRecord(KafkaConsumer<String, String> consumer, String key, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                if (key.equals(record.key())) {
                    return;
                }
            }
        }
        throw new AssertionError("No record with key " + key + " on " + Topics.LOAN_EVENTS + " within " + bound);
    }
}
