package com.orbitlend.gateway.protocol;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HandshakeGateTest {

    @Test
    void startsUpToTheConcurrencyAtOnceAndTheRestInArrivalOrderAsOthersEnd() {
        HandshakeGate gate = new HandshakeGate(2, 10);
        List<Integer> started = new ArrayList<>();

        for (int i = 0; i < 5; i++) {
            int id = i;
            assertThat(gate.enter(() -> started.add(id))).isTrue();
        }

        assertThat(started).containsExactly(0, 1);
        assertThat(gate.running()).isEqualTo(2);
        assertThat(gate.waiting()).isEqualTo(3);

        gate.leave();
        assertThat(started).containsExactly(0, 1, 2);
        gate.leave();
        gate.leave();
        assertThat(started).containsExactly(0, 1, 2, 3, 4);
        assertThat(gate.running()).isEqualTo(2);
        assertThat(gate.waiting()).isZero();

        gate.leave();
        gate.leave();
        assertThat(gate.running()).isZero();
    }

    @Test
    void refusesPastTheCapacityOfRunningAndWaitingTogetherAndTakesMoreOnceOneEnds() {
        HandshakeGate gate = new HandshakeGate(1, 3);
        AtomicInteger started = new AtomicInteger();

        assertThat(gate.enter(started::incrementAndGet)).isTrue();
        assertThat(gate.enter(started::incrementAndGet)).isTrue();
        assertThat(gate.enter(started::incrementAndGet)).isTrue();
        assertThat(gate.enter(started::incrementAndGet)).as("a fourth: 1 running + 2 waiting is the capacity").isFalse();
        assertThat(started).hasValue(1);

        gate.leave();

        assertThat(started).hasValue(2);
        assertThat(gate.enter(started::incrementAndGet)).isTrue();
        assertThat(gate.waiting()).isEqualTo(2);
    }

    @Test
    void aLeaveWithoutAStartedHandshakeIsABug() {
        HandshakeGate gate = new HandshakeGate(1, 1);

        assertThatThrownBy(gate::leave).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new HandshakeGate(0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HandshakeGate(4, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void underContentionNeverMoreRunAtOnceThanTheConcurrencyAndEveryEntrantRuns() throws Exception {
        int concurrency = 3;
        int entrants = 2000;
        HandshakeGate gate = new HandshakeGate(concurrency, entrants);
        ExecutorService handshakes = Executors.newFixedThreadPool(8);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(entrants);
        try {
            for (int i = 0; i < entrants; i++) {
                handshakes.execute(() -> assertThat(gate.enter(() -> handshakes.execute(() -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    Thread.onSpinWait();
                    running.decrementAndGet();
                    // leave first: once the last entrant counts down, every one has left
                    gate.leave();
                    done.countDown();
                }))).isTrue());
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            handshakes.shutdownNow();
        }
        assertThat(most.get()).isBetween(1, concurrency);
        assertThat(gate.running()).isZero();
        assertThat(gate.waiting()).isZero();
    }
}
