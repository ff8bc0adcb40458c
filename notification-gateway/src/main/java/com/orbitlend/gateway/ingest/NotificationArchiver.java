package com.orbitlend.gateway.ingest;

import com.orbitlend.events.InvalidEventException;
import com.orbitlend.gateway.archive.ArchiveService;
import com.orbitlend.gateway.archive.ArchiveService.Row;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Archiver: every record of the notifications topic (shared consumer group) into PostgreSQL, with the
 * partition progress, so any replica can resume any client. Consumes whole polls ({@code batch=true}) and writes
 * each in one transaction: one multi-row insert and the progress of each partition moved past the batch.
 *
 * <p>Invariant: "progress >= n" means every record below offset n of the partition is archived or was
 * dead-lettered. So the dead letters of a batch are acknowledged by Kafka before the transaction that moves the
 * progress past them commits. Records below the progress already stored (a redelivery after a rebalance or a
 * restart) are skipped, so each bad record is normally dead-lettered once.
 *
 * <p>Poison: a record {@link NotificationRecords} refuses is dead-lettered with its reason. If the database
 * still refuses the batch (something the checks did not foresee), the batch is written again one record per
 * transaction and each record the database refuses (twice, while it answers other queries) is dead-lettered
 * with the database's message. When the database or Kafka is away, the batch is retried with backoff, never
 * acknowledged half-done, and the channel never fails.
 */
@ApplicationScoped
public class NotificationArchiver {

    static final String CONSUMER = "notification-gateway-archiver";
    private static final Logger LOG = Logger.getLogger(NotificationArchiver.class);
    private static final Duration RETRY_MIN = Duration.ofSeconds(1);
    private static final Duration RETRY_MAX = Duration.ofSeconds(30);
    /** Dead letters in flight at once (below the emitter's buffer). */
    private static final int DEAD_LETTER_CHUNK = 64;
    /** Batches at least this large are checked in parallel. */
    private static final int PARALLEL_CHECK_FROM = 256;

    @Inject
    ArchiveService archive;

    @Inject
    DeadLetters deadLetters;

    @Inject
    RecordVerdicts fanOutVerdicts;

    private volatile boolean stopping;

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @Incoming("notifications-archive")
    @Blocking(ordered = true)
    public void archive(ConsumerRecords<String, String> records) {
        if (records.isEmpty()) {
            return;
        }
        Duration backoff = RETRY_MIN;
        while (true) {
            try {
                archiveBatch(records);
                return;
            } catch (RuntimeException e) {
                if (stopping) {
                    throw e;
                }
                // database or Kafka away: nothing of the batch was acknowledged past what is done; try again
                LOG.warnf("Archiving a batch of %d records failed, retrying in %s: %s", records.count(), backoff,
                        NotificationRecords.rootMessage(e));
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff = backoff.multipliedBy(2).compareTo(RETRY_MAX) > 0 ? RETRY_MAX : backoff.multipliedBy(2);
            }
        }
    }

    /** A record to dead-letter and why. */
    private record Bad(ConsumerRecord<String, String> record, String reason) {
    }

    void archiveBatch(ConsumerRecords<String, String> records) {
        Set<Integer> partitions = new HashSet<>();
        records.partitions().forEach(tp -> partitions.add(tp.partition()));
        Map<Integer, Long> done = archive.progress(partitions);

        List<ConsumerRecord<String, String>> fresh = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            if (record.offset() >= done.getOrDefault(record.partition(), 0L)) {
                fresh.add(record); // else archived or dead-lettered already (redelivered after a rebalance or restart)
            }
        }
        Object[] verdicts = verdicts(fresh);

        List<Row> rows = new ArrayList<>();
        Map<Row, ConsumerRecord<String, String>> sources = new IdentityHashMap<>();
        List<Bad> bad = new ArrayList<>();
        Map<Integer, Long> next = new HashMap<>();
        Set<String> inBatch = new HashSet<>();
        for (int i = 0; i < fresh.size(); i++) {
            ConsumerRecord<String, String> record = fresh.get(i);
            next.merge(record.partition(), record.offset() + 1, Math::max);
            if (verdicts[i] instanceof InvalidEventException e) {
                bad.add(new Bad(record, e.getMessage()));
                continue;
            }
            NotificationRecords.Checked checked = (NotificationRecords.Checked) verdicts[i];
            // a repeated id within the batch: the first one is archived (as ON CONFLICT does across batches)
            if (inBatch.add(checked.notification().channel() + '\n' + checked.notification().id())) {
                Row row = new Row(record.partition(), record.offset(), checked.notification(), checked.json());
                rows.add(row);
                sources.put(row, record);
            }
        }
        if (next.isEmpty()) {
            return;
        }
        deadLetter(bad);
        try {
            archive.archiveBatch(rows, next);
        } catch (RuntimeException e) {
            if (!archive.reachable()) {
                throw e;
            }
            LOG.warnf("The archive refused a batch of %d rows (%s); writing them one by one", rows.size(),
                    NotificationRecords.rootMessage(e));
            archiveOneByOne(rows, sources, next);
        }
    }

    /**
     * Each record's {@link NotificationRecords.Checked} or {@link InvalidEventException}, in order: the fan-out's
     * verdict when it has one ({@link RecordVerdicts}), else checked here. Many records to check (catching up) are
     * checked on the common fork-join pool as well as this thread: the check parses and writes JSON and is most of
     * the archiver's CPU; each verdict depends on its record only.
     */
    private Object[] verdicts(List<ConsumerRecord<String, String>> records) {
        Object[] verdicts = new Object[records.size()];
        List<Integer> unchecked = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, String> record = records.get(i);
            verdicts[i] = fanOutVerdicts.take(record.partition(), record.offset(), record.value());
            if (verdicts[i] == null) {
                unchecked.add(i);
            }
        }
        (unchecked.size() >= PARALLEL_CHECK_FROM ? unchecked.parallelStream() : unchecked.stream()).forEach(i -> {
            ConsumerRecord<String, String> record = records.get(i);
            try {
                verdicts[i] = NotificationRecords.check(record.key(), record.value());
            } catch (InvalidEventException e) {
                verdicts[i] = e;
            }
        });
        return verdicts;
    }

    /** Slow path: each row in its own transaction; a row the database keeps refusing is dead-lettered. */
    private void archiveOneByOne(List<Row> rows, Map<Row, ConsumerRecord<String, String>> sources,
            Map<Integer, Long> next) {
        List<Bad> refused = new ArrayList<>();
        for (Row row : rows) {
            RuntimeException failure = tryArchive(row);
            if (failure != null) {
                failure = tryArchive(row);
            }
            if (failure != null) {
                if (!archive.reachable()) {
                    throw failure; // the database went away: retry the batch later, what is done stays done
                }
                refused.add(new Bad(sources.get(row), "Not archivable: " + databaseMessage(failure)));
            }
        }
        deadLetter(refused);
        archive.advance(next);
    }

    private RuntimeException tryArchive(Row row) {
        try {
            archive.archiveOne(row);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /** Publishes the dead letters and waits until Kafka acknowledged every one (fails if one cannot be sent). */
    private void deadLetter(List<Bad> bad) {
        for (int from = 0; from < bad.size(); from += DEAD_LETTER_CHUNK) {
            List<Uni<Void>> sends = new ArrayList<>();
            for (Bad b : bad.subList(from, Math.min(bad.size(), from + DEAD_LETTER_CHUNK))) {
                ConsumerRecord<String, String> r = b.record();
                sends.add(deadLetters.send(CONSUMER, r.topic(), r.partition(), r.offset(), r.key(), r.value(),
                        b.reason()));
            }
            Uni.join().all(sends).andFailFast().await().atMost(Duration.ofMinutes(2));
        }
    }

    private static String databaseMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                return NotificationRecords.shorten(sql.getMessage()) + " (SQLState " + sql.getSQLState() + ")";
            }
        }
        return NotificationRecords.rootMessage(e);
    }
}
