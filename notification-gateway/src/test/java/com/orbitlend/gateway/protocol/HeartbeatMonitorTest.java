package com.orbitlend.gateway.protocol;

import com.orbitlend.gateway.config.GatewayConfig;
import com.orbitlend.gateway.delivery.ClientSession;
import com.orbitlend.gateway.delivery.CloseCodes;
import com.orbitlend.gateway.delivery.FakeTransport;
import com.orbitlend.gateway.delivery.SessionRegistry;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class HeartbeatMonitorTest {

    private final List<Integer> closes = new ArrayList<>();
    private int pings;

    @Test
    void closesASessionWhosePingStaysUnansweredForMaxMissedIntervals() {
        HeartbeatMonitor monitor = monitor(Duration.ofSeconds(10), 2);
        ClientSession session = session("s1");
        monitor.sessions.register(session);
        int slice = HeartbeatMonitor.sliceOf(session);
        long start = System.nanoTime();

        assertThat(monitor.sweep(start, slice)).isZero();
        assertThat(pings).isEqualTo(1);
        long pinged = session.unansweredPingAt();
        assertThat(pinged).isNotEqualTo(ClientSession.ANSWERED);

        // one interval later: the ping is unanswered, one more goes (the first one's time is kept)
        assertThat(monitor.sweep(pinged + Duration.ofSeconds(9).toNanos(), slice)).isZero();
        assertThat(pings).isEqualTo(2);
        assertThat(session.unansweredPingAt()).isEqualTo(pinged);
        assertThat(closes).isEmpty();

        // max-missed (2) pings unanswered: closed
        assertThat(monitor.sweep(pinged + Duration.ofSeconds(11).toNanos(), slice)).isEqualTo(1);
        assertThat(closes).containsExactly(CloseCodes.HEARTBEAT_TIMEOUT);
        assertThat(pings).isEqualTo(2);
    }

    @Test
    void anythingHeardFromTheClientAnswersItsPings() {
        HeartbeatMonitor monitor = monitor(Duration.ofSeconds(10), 2);
        ClientSession session = session("s2");
        monitor.sessions.register(session);
        int slice = HeartbeatMonitor.sliceOf(session);
        monitor.sweep(System.nanoTime(), slice);

        session.heard();

        assertThat(session.unansweredPingAt()).isEqualTo(ClientSession.ANSWERED);
        assertThat(monitor.sweep(System.nanoTime() + Duration.ofMinutes(5).toNanos(), slice)).isZero();
        assertThat(closes).isEmpty();
    }

    @Test
    void aPingCountsFromWhenItsLoopWritesItNotFromTheSweep() {
        HeartbeatMonitor monitor = monitor(Duration.ofSeconds(10), 2);
        List<Runnable> loopTasks = new ArrayList<>();
        ClientSession session = session("s3", loopTasks::add);
        monitor.sessions.register(session);
        int slice = HeartbeatMonitor.sliceOf(session);

        // an overloaded loop: the sweeps' pings wait in its queue, nothing is written, nothing counts yet
        long now = System.nanoTime();
        for (int round = 0; round < 5; round++) {
            assertThat(monitor.sweep(now + Duration.ofSeconds(10L * round).toNanos(), slice)).isZero();
        }
        assertThat(session.unansweredPingAt()).isEqualTo(ClientSession.ANSWERED);

        long beforeWrite = System.nanoTime();
        List.copyOf(loopTasks).forEach(Runnable::run);
        loopTasks.clear();
        assertThat(pings).isEqualTo(5);
        // the clock starts at the first write, however late, so the next sweep does not close the session
        assertThat(session.unansweredPingAt()).isGreaterThanOrEqualTo(beforeWrite);
        assertThat(monitor.sweep(System.nanoTime(), slice)).isZero();
    }

    @Test
    void aSessionThatAnswersBeforeItsLoopRunsTheCloseIsKept() {
        HeartbeatMonitor monitor = monitor(Duration.ofSeconds(10), 2);
        List<Runnable> loopTasks = new ArrayList<>();
        ClientSession late = session("answers-late", loopTasks::add);
        ClientSession gone = session("gone", loopTasks::add);
        monitor.sessions.register(late);
        monitor.sessions.register(gone);
        for (int slice = 0; slice < HeartbeatMonitor.SLICES; slice++) {
            monitor.sweep(System.nanoTime(), slice);
        }
        List.copyOf(loopTasks).forEach(Runnable::run);
        loopTasks.clear();
        long later = System.nanoTime() + Duration.ofSeconds(21).toNanos();
        for (int slice = 0; slice < HeartbeatMonitor.SLICES; slice++) {
            monitor.sweep(later, slice);
        }

        // the loop is busy: the pong arrives before the loop gets to the close
        late.heard();
        loopTasks.forEach(Runnable::run);

        assertThat(closes).containsExactly(CloseCodes.HEARTBEAT_TIMEOUT);
        assertThat(late.isClosed()).isFalse();
        assertThat(gone.isClosed()).isTrue();
    }

    @Test
    void aRoundOfSweepsPingsEverySessionOnceSpreadOverTheInterval() {
        HeartbeatMonitor monitor = monitor(Duration.ofSeconds(20), 2);
        int count = 2000;
        for (int i = 0; i < count; i++) {
            monitor.sessions.register(session(java.util.UUID.randomUUID().toString()));
        }
        long now = System.nanoTime();
        int most = 0;
        for (int slice = 0; slice < HeartbeatMonitor.SLICES; slice++) {
            int before = pings;
            assertThat(monitor.sweep(now, slice)).isZero();
            most = Math.max(most, pings - before);
        }

        assertThat(pings).isEqualTo(count);
        // no burst: no sweep takes more than twice its share (100 of 2,000 here)
        assertThat(most).isLessThanOrEqualTo(2 * count / HeartbeatMonitor.SLICES);
    }

    @Test
    void sweepsComeEveryIntervalOverTheSlicesAndNeverFasterThan10Ms() {
        assertThat(HeartbeatMonitor.sweepEvery(Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(1));
        assertThat(HeartbeatMonitor.sweepEvery(Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(100));
        assertThat(HeartbeatMonitor.sweepEvery(Duration.ofMillis(50))).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void theTimerPingsEverySessionEachIntervalAndClosesTheOneThatStoppedAnswering() {
        HeartbeatMonitor monitor = monitor(Duration.ofMillis(200), 2);
        AtomicInteger answeringPings = new AtomicInteger();
        List<Integer> answeringCloses = new CopyOnWriteArrayList<>();
        List<Integer> silentCloses = new CopyOnWriteArrayList<>();
        AtomicReference<ClientSession> answering = new AtomicReference<>();
        answering.set(new ClientSession("answers", "u", Set.of("user:u"), new FakeTransport().onPing(() -> {
            answeringPings.incrementAndGet();
            answering.get().heard();
        }).onClose(answeringCloses::add), new ClientSession.Limits(8, 1024)));
        monitor.sessions.register(answering.get());
        monitor.sessions.register(new ClientSession("stopped-answering", "v", Set.of("user:v"),
                new FakeTransport().onClose(silentCloses::add), new ClientSession.Limits(8, 1024)));
        try {
            monitor.start();

            // the periods are the configured ones: a scheduler that stretched the sweeps to a second would ping
            // each slice once every 20 s, and the answering session would be closed as silent
            await().atMost(Duration.ofSeconds(10)).until(() -> silentCloses.contains(CloseCodes.HEARTBEAT_TIMEOUT));
            await().atMost(Duration.ofSeconds(10)).until(() -> answeringPings.get() >= 10);
            assertThat(answeringCloses).isEmpty();
            assertThat(silentCloses).containsExactly(CloseCodes.HEARTBEAT_TIMEOUT);
        } finally {
            monitor.stop(null);
        }
    }

    private ClientSession session(String id) {
        return session(id, Runnable::run);
    }

    /** A session on {@code loop} counted in this test's pings and closes. */
    private ClientSession session(String id, Executor loop) {
        return new ClientSession(id, "u", Set.of("user:u"),
                new FakeTransport(loop).onPing(() -> pings++).onClose(closes::add), new ClientSession.Limits(8, 1024));
    }

    /** A monitor of a registry of its own, with the given heartbeat. */
    private static HeartbeatMonitor monitor(Duration interval, int maxMissed) {
        HeartbeatMonitor monitor = new HeartbeatMonitor();
        monitor.sessions = new SessionRegistry();
        monitor.config = config(interval, maxMissed);
        return monitor;
    }

    /** A config with the given heartbeat; other groups are not used by the monitor. */
    private static GatewayConfig config(Duration interval, int maxMissed) {
        GatewayConfig.Heartbeat heartbeat = new GatewayConfig.Heartbeat() {
            @Override
            public Duration interval() {
                return interval;
            }

            @Override
            public int maxMissed() {
                return maxMissed;
            }
        };
        return (GatewayConfig) Proxy.newProxyInstance(GatewayConfig.class.getClassLoader(),
                new Class<?>[] {GatewayConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("heartbeat")) {
                        return heartbeat;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
