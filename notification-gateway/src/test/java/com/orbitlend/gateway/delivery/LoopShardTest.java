package com.orbitlend.gateway.delivery;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static com.orbitlend.gateway.delivery.ClientSessionTest.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class LoopShardTest {

    private long delivered;

    @Test
    void writesEachFrameToTheSessionsOfItsChannelAndFlushesEachSessionOncePerBatch() {
        LoopShard shard = new LoopShard(Runnable::run, count -> delivered += count);
        FakeTransport aliceWire = new FakeTransport();
        FakeTransport bobWire = new FakeTransport();
        ClientSession alice = session("alice", aliceWire);
        ClientSession bob = session("bob", bobWire);
        for (ClientSession s : List.of(alice, bob)) {
            s.channels().forEach(channel -> shard.add(channel, s));
            shard.add("public:market", s);
            s.join("public:market", new Position(2, -1));
        }

        // the same frame objects (the same bytes) go to both sessions
        shard.deliver(List.of(frame("public:market", 2, 0, "m0"), frame("user:alice", 0, 5, "a5"),
                frame("public:market", 2, 1, "m1"), frame("user:carol", 1, 1, "c1")));

        assertThat(aliceWire.flushed).containsExactly("m0@0", "a5@5", "m1@1");
        assertThat(bobWire.flushed).containsExactly("m0@0", "m1@1");
        assertThat(aliceWire.flushes).isEqualTo(1);
        assertThat(bobWire.flushes).isEqualTo(1);
        assertThat(delivered).isEqualTo(5);
    }

    @Test
    void aRemovedSessionGetsNothingAndAnEmptyChannelIsForgotten() {
        LoopShard shard = new LoopShard(Runnable::run, count -> delivered += count);
        FakeTransport wire = new FakeTransport();
        ClientSession alice = session("alice", wire);
        shard.add("user:alice", alice);
        shard.remove("user:alice", alice);

        shard.deliver(List.of(frame("user:alice", 0, 1, "a1")));

        assertThat(wire.written).isEmpty();
        assertThat(wire.flushes).isZero();
        assertThat(shard.channels()).isZero();
    }

    @Test
    void theFanOutWaitsWhileALoopHasItsQuotaOfBatchesQueuedAndGoesOnWhenTheLoopCatchesUp() throws Exception {
        ConcurrentLinkedQueue<Runnable> loopTasks = new ConcurrentLinkedQueue<>();
        LoopShard shard = fullShard(loopTasks);
        assertThat(shard.queuedBatches()).isEqualTo(LoopShard.MAX_QUEUED_BATCHES);

        CountDownLatch handedOver = new CountDownLatch(1);
        Thread fanOut = waitingFanOut(shard, handedOver::countDown);
        assertThat(loopTasks).hasSize(LoopShard.MAX_QUEUED_BATCHES);

        loopTasks.poll().run();   // the loop writes one batch: room for one more

        assertThat(handedOver.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(loopTasks).hasSize(LoopShard.MAX_QUEUED_BATCHES);
        loopTasks.forEach(Runnable::run);
        assertThat(shard.queuedBatches()).isZero();
    }

    @Test
    void aFanOutWaitingForALoopThatNoLongerRunsIsFreedByAnInterruptAndHandsNothing() throws Exception {
        ConcurrentLinkedQueue<Runnable> loopTasks = new ConcurrentLinkedQueue<>();
        LoopShard shard = fullShard(loopTasks);
        AtomicBoolean interruptKept = new AtomicBoolean();
        Thread fanOut = waitingFanOut(shard, () -> interruptKept.set(Thread.currentThread().isInterrupted()));

        fanOut.interrupt();
        fanOut.join(10_000);

        assertThat(fanOut.isAlive()).isFalse();
        assertThat(interruptKept).isTrue();
        assertThat(loopTasks).hasSize(LoopShard.MAX_QUEUED_BATCHES);
    }

    @Test
    void aLoopThatRefusesTheTaskGivesItsPlaceBack() {
        LoopShard shard = new LoopShard(task -> {
            throw new RejectedExecutionException("loop shut down");
        }, count -> { });

        assertThatThrownBy(() -> shard.handOver(List.of(frame("user:alice", 0, 1, "a1"))))
                .isInstanceOf(RejectedExecutionException.class);
        assertThat(shard.queuedBatches()).isZero();
    }

    /** A shard whose loop (the queue) has not run any of the {@value LoopShard#MAX_QUEUED_BATCHES} batches it got. */
    private static LoopShard fullShard(ConcurrentLinkedQueue<Runnable> loopTasks) {
        LoopShard shard = new LoopShard(loopTasks::add, count -> { });
        for (int i = 0; i < LoopShard.MAX_QUEUED_BATCHES; i++) {
            shard.handOver(List.of(frame("user:alice", 0, i, "a" + i)));
        }
        return shard;
    }

    /** A fan-out thread handing one more batch to the full shard, waiting for room; {@code then} once it returns. */
    private static Thread waitingFanOut(LoopShard shard, Runnable then) {
        Thread fanOut = new Thread(() -> {
            shard.handOver(List.of(frame("user:alice", 0, 9, "a9")));
            then.run();
        });
        fanOut.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> fanOut.getState() == Thread.State.WAITING);
        return fanOut;
    }

    private static ClientSession session(String user, FakeTransport wire) {
        return new ClientSession(user, user, Set.of("user:" + user), wire, new ClientSession.Limits(16, 1 << 20));
    }
}
