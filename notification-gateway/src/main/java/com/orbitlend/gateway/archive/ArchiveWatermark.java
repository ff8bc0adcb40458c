package com.orbitlend.gateway.archive;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * How far the archive has come, per partition of the notifications topic (its {@code archive_progress}), for the
 * resumes waiting on it. However many resumes wait, one thread reads the progress every {@link #POLL} while any
 * waits, and completes each waiter's future once every partition it needs is archived far enough, or with
 * {@code false} at its deadline. No thread is held per resume (a reconnect storm brings thousands at once).
 */
@ApplicationScoped
public class ArchiveWatermark {

    private static final Logger LOG = Logger.getLogger(ArchiveWatermark.class);
    static final Duration POLL = Duration.ofMillis(25);

    private record Waiter(Map<Integer, Long> needed, long deadline, CompletableFuture<Boolean> done) {
    }

    @Inject
    ArchiveService archive;

    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "archive-watermark");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<Integer, Long> known = new HashMap<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private ScheduledFuture<?> polling;

    /** A watermark over {@code archive}, outside CDI (tests). */
    public static ArchiveWatermark over(ArchiveService archive) {
        ArchiveWatermark watermark = new ArchiveWatermark();
        watermark.archive = archive;
        return watermark;
    }

    /**
     * Completes with true once, for every entry, the archive holds everything of the partition below the offset;
     * false if that takes longer than {@code timeout}; exceptionally if the progress cannot be read.
     */
    public synchronized CompletionStage<Boolean> await(Map<Integer, Long> needed, Duration timeout) {
        if (reached(needed)) {
            return CompletableFuture.completedFuture(true);
        }
        Waiter waiter = new Waiter(Map.copyOf(needed), System.nanoTime() + timeout.toNanos(), new CompletableFuture<>());
        waiters.add(waiter);
        if (polling == null) {
            polling = poller.scheduleWithFixedDelay(this::poll, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
        }
        return waiter.done();
    }

    void stop(@Observes ShutdownEvent event) {
        poller.shutdownNow();
    }

    private void poll() {
        Map<Integer, Long> progress = new HashMap<>();
        RuntimeException failure = null;
        try {
            for (Integer partition : partitionsWaitedFor()) {
                archive.nextOffset(partition).ifPresent(next -> progress.put(partition, next));
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        List<Runnable> completions = new ArrayList<>();
        synchronized (this) {
            progress.forEach((partition, next) -> known.merge(partition, next, Math::max));
            long now = System.nanoTime();
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext();) {
                Waiter waiter = it.next();
                if (reached(waiter.needed())) {
                    completions.add(() -> waiter.done().complete(true));
                } else if (failure != null) {
                    RuntimeException cause = failure;
                    completions.add(() -> waiter.done().completeExceptionally(cause));
                } else if (now - waiter.deadline() >= 0) {
                    completions.add(() -> waiter.done().complete(false));
                } else {
                    continue;
                }
                it.remove();
            }
            if (waiters.isEmpty() && polling != null) {
                polling.cancel(false);
                polling = null;
            }
        }
        if (failure != null) {
            LOG.debugf(failure, "Reading the archive progress failed");
        }
        // outside the lock: completions run the resumes' next steps
        completions.forEach(Runnable::run);
    }

    private synchronized List<Integer> partitionsWaitedFor() {
        return waiters.stream().flatMap(w -> w.needed().keySet().stream()).distinct().toList();
    }

    private boolean reached(Map<Integer, Long> needed) {
        for (Map.Entry<Integer, Long> entry : needed.entrySet()) {
            if (known.getOrDefault(entry.getKey(), 0L) < entry.getValue()) {
                return false;
            }
        }
        return true;
    }
}
