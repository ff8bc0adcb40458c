package com.orbitlend.gateway.archive;

import com.orbitlend.events.EventJson;
import com.orbitlend.events.Topics;
import com.orbitlend.events.notification.LoanStatusData;
import com.orbitlend.events.notification.Notification;
import com.orbitlend.gateway.GatewayTestProfile;
import com.orbitlend.testkit.kafka.KafkaTestBroker;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;

/**
 * One-off measurement of the archive's catch-up throughput, not a test (no assertion on time; skipped unless
 * {@code -Darchive.bench=true}). Produces {@code archive.bench.records} (default 200 000) router-sized
 * notifications over 500 channels as fast as the producer goes, then waits until the archive progress covers
 * them and prints the rate. Warm-up rounds go first ({@code archive.bench.warmup.rounds}, default 3, of
 * {@code archive.bench.warmup} notifications, default 100 000; 0: none), so that the measured round runs compiled
 * code, as a gateway that has been up for a while does: without them the JIT compilers took about half a core
 * during the measured catch-up (38 % of the JVM's CPU samples of the whole run, 52 % of a core by thread CPU time
 * in the catch-up window) and the figure mostly told how far compilation had got. Each round prints how long the
 * JIT compilers were busy during it (about 12 s in the first 100 000-record round, 5 s in the second, 2 to 3 s in
 * every round after: compilation never stops entirely in this JVM, which also runs the broker and the producer):
 *
 * <pre>./mvnw -B -pl notification-gateway -am verify -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtest=ArchiveThroughputBench -Darchive.bench=true</pre>
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
@EnabledIfSystemProperty(named = "archive.bench", matches = "true")
class ArchiveThroughputBench {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void measureCatchUp() throws Exception {
        int warmUp = Integer.getInteger("archive.bench.warmup", 100_000);
        int warmUpRounds = Integer.getInteger("archive.bench.warmup.rounds", 3);
        int records = Integer.getInteger("archive.bench.records", 200_000);
        for (int i = 1; i <= warmUpRounds && warmUp > 0; i++) {
            round("warm-up round " + i, warmUp);
        }
        round("measured round", records);
    }

    /** Produces {@code records} notifications of a fresh set of channels and waits until they are all archived. */
    private void round(String name, int records) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long compiledBefore = jit.getTotalCompilationTime();
        Map<Integer, Long> highest = new HashMap<>();
        long start;
        long produced;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), new StringSerializer())) {
            Future<RecordMetadata>[] futures = new Future[records];
            start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                String channel = "user:bench-" + run + "-" + (i % 500);
                Instant now = Instant.now();
                Notification n = new Notification(UUID.randomUUID().toString(), channel, "loan:status",
                        EventJson.mapper().valueToTree(new LoanStatusData("loan-" + i, channel.substring(5),
                                LoanStatusData.Status.APPROVED, new BigDecimal("1500.00"), null, now)), now,
                        UUID.randomUUID().toString());
                futures[i] = producer.send(new ProducerRecord<>(Topics.NOTIFICATIONS, channel, EventJson.write(n)));
            }
            producer.flush();
            for (Future<RecordMetadata> f : futures) {
                RecordMetadata m = f.get();
                highest.merge(m.partition(), m.offset(), Math::max);
            }
            produced = System.nanoTime();
        }
        long rowsBefore = rows(run);
        System.out.printf("ARCHIVE BENCH: %s: %d notifications produced, %d rows archived so far%n", name, records,
                rowsBefore);
        while (!covered(highest)) {
            Thread.sleep(50);
        }
        long end = System.nanoTime();
        long compiledMs = jit.getTotalCompilationTime() - compiledBefore;
        double total = (end - start) / 1e9;
        System.out.printf("ARCHIVE BENCH: %s: %d notifications produced in %.2f s; archived (progress past all)"
                + " %.2f s after the first was sent: %.0f notifications/s end to end; %d rows after producing, %.0f"
                + " rows/s while catching up; JIT compilers busy %d ms%n", name, records, (produced - start) / 1e9,
                total, records / total, rowsBefore, (records - rowsBefore) / ((end - produced) / 1e9), compiledMs);
    }

    private boolean covered(Map<Integer, Long> highest) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT partition, next_offset FROM archive_progress")) {
            Map<Integer, Long> progress = new HashMap<>();
            while (r.next()) {
                progress.put(r.getInt(1), r.getLong(2));
            }
            return highest.entrySet().stream().allMatch(e -> progress.getOrDefault(e.getKey(), 0L) > e.getValue());
        }
    }

    private long rows(String run) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM notification WHERE channel LIKE 'user:bench-" + run
                        + "-%'")) {
            r.next();
            return r.getLong(1);
        }
    }
}
