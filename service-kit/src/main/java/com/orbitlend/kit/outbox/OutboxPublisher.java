package com.orbitlend.kit.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One publishing pass over the outbox table, in one database transaction.
 *
 * <p>Publishers are serialized across all instances of a service by a PostgreSQL advisory transaction lock
 * ({@code pg_try_advisory_xact_lock}), not by {@code SELECT ... FOR UPDATE SKIP LOCKED}: with SKIP LOCKED two
 * instances would publish disjoint batches concurrently, and if one aggregate had events in both batches,
 * the later event could reach Kafka first. One publisher at a time, reading pending rows in id order, keeps
 * every aggregate's events in commit order. The lock is released with the transaction, so a crashed instance
 * never blocks the others; an instance that does not get it simply skips this pass.
 *
 * <p>Rows are stamped published in the same transaction, only after Kafka acknowledged every send of the batch;
 * any failure rolls the stamping back and the whole batch is sent again later (at-least-once: consumers
 * deduplicate by CloudEvents id).
 */
@ApplicationScoped
public class OutboxPublisher {

    /** Advisory lock key shared by every relay of one database: "orbitlnd" in ASCII. */
    public static final long LOCK_KEY = 0x6f72626974_6c6e64L;

    private final EntityManager em;

    OutboxPublisher(EntityManager em) {
        this.em = em;
    }

    /**
     * Publishes up to {@code batchSize} pending rows with {@code producer} and marks them published.
     *
     * @return the number of rows published; 0 if none were pending or another instance holds the lock
     * @throws OutboxPublishException if a send was not acknowledged; no row is marked published then
     */
    public int publishPending(Producer<String, String> producer, int batchSize, Duration ackTimeout) {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!tryLock()) {
                return 0;
            }
            List<OutboxEvent> batch = em.createQuery(
                    "from OutboxEvent e where e.publishedAt is null order by e.id", OutboxEvent.class)
                    .setMaxResults(batchSize)
                    .getResultList();
            if (batch.isEmpty()) {
                return 0;
            }
            List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
            for (OutboxEvent row : batch) {
                Future<RecordMetadata> ack = producer.send(
                        new ProducerRecord<>(row.topic(), row.aggregateId(), row.payload()));
                if (ack.isDone()) {
                    // an immediate failure (e.g. no metadata within max.block.ms): stop, or each further
                    // send of the batch would block as long again
                    awaitAll(List.of(ack), Duration.ZERO);
                }
                acks.add(ack);
            }
            // the batch is complete: send it now rather than after the producer's linger.ms (REST commit -> frame)
            producer.flush();
            awaitAll(acks, ackTimeout);
            Instant now = Instant.now();
            batch.forEach(row -> row.markPublished(now));
            return batch.size();
        });
    }

    /** Counts a failed attempt on the rows the next pass will retry, in a short transaction of its own. */
    public void recordFailure(int batchSize, String error) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                update outbox_event set attempts = attempts + 1, last_error = :error
                where id in (select id from outbox_event where published_at is null order by id limit :limit)
                """)
                .setParameter("error", error)
                .setParameter("limit", batchSize)
                .executeUpdate());
    }

    /** Pending row count and creation time of the oldest pending row (null if none). */
    public PendingStats pendingStats() {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Object[] row = (Object[]) em.createQuery(
                    "select count(e), min(e.createdAt) from OutboxEvent e where e.publishedAt is null")
                    .getSingleResult();
            return new PendingStats(((Number) row[0]).longValue(), (Instant) row[1]);
        });
    }

    /** Pending rows and the creation time of the oldest one. */
    public record PendingStats(long count, Instant oldestCreatedAt) {
    }

    private boolean tryLock() {
        return (Boolean) em.createNativeQuery("select pg_try_advisory_xact_lock(:key)")
                .setParameter("key", LOCK_KEY)
                .getSingleResult();
    }

    private static void awaitAll(List<Future<RecordMetadata>> acks, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw new OutboxPublishException(e.getCause());
            } catch (TimeoutException e) {
                throw new OutboxPublishException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OutboxPublishException(e);
            }
        }
    }
}
