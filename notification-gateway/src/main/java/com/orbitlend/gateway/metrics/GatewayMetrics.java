package com.orbitlend.gateway.metrics;

import com.orbitlend.gateway.delivery.RecentFrames;
import com.orbitlend.gateway.delivery.SessionRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The gateway's own meters, at {@code /q/metrics} with Micrometer's and the Kafka clients':
 * <ul>
 * <li>{@code orbitlend_gateway_sessions}: sessions connected to this replica;</li>
 * <li>{@code orbitlend_gateway_deliveries_total}: event frames handed to sessions' connections;</li>
 * <li>{@code orbitlend_gateway_session_closes_total{code}}: closes by WebSocket close code ({@code 4429} = slow
 * consumer, {@code 4401} token expired, {@code 4408} heartbeat timeout, {@code 1000}/{@code 1001} normal);</li>
 * <li>{@code orbitlend_gateway_resumes_total{outcome}}: {@code recovered} or the reason it was not;</li>
 * <li>{@code orbitlend_gateway_resume_replays_total{source}}: checked resume cursors answered from
 * {@code memory} (the recent-frames window) or sent to the {@code archive};</li>
 * <li>{@code orbitlend_gateway_recent_frames} and {@code orbitlend_gateway_recent_frames_bytes}: the window's
 * frames and its estimated size;</li>
 * <li>{@code orbitlend_gateway_fanout_lag{partition}}: records of each partition of the notifications topic the
 * fan-out has not read yet, read from its consumer at most once a second (the archive's lag is
 * {@code archive.ArchiveLag}'s).</li>
 * </ul>
 * Deliveries are counted once per batch per event loop, not per frame, so counting costs nothing per session.
 */
@ApplicationScoped
public class GatewayMetrics {

    private final LongAdder deliveries = new LongAdder();
    private final Map<Integer, AtomicLong> fanOutLag = new ConcurrentHashMap<>();

    @Inject
    MeterRegistry registry;

    @Inject
    SessionRegistry sessions;

    @Inject
    RecentFrames recent;

    void register(@Observes StartupEvent event) {
        Gauge.builder("orbitlend.gateway.sessions", sessions, SessionRegistry::size)
                .description("WebSocket sessions connected to this replica").register(registry);
        FunctionCounter.builder("orbitlend.gateway.deliveries", deliveries, LongAdder::sum)
                .description("Event frames written (or queued) to sessions").register(registry);
        Gauge.builder("orbitlend.gateway.recent.frames", recent, RecentFrames::size)
                .description("Frames held in memory for resumes").register(registry);
        Gauge.builder("orbitlend.gateway.recent.frames.bytes", recent, RecentFrames::bytes)
                .description("Estimated bytes of the frames held in memory for resumes").register(registry);
    }

    /** {@code count} event frames were handed to sessions. Any thread. */
    public void delivered(long count) {
        if (count > 0) {
            deliveries.add(count);
        }
    }

    /** The fan-out's consumer is {@code lag} records behind the end of {@code partition}. */
    public void fanOutLag(int partition, long lag) {
        fanOutLag.computeIfAbsent(partition, p -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("orbitlend.gateway.fanout.lag", value, AtomicLong::doubleValue)
                    .description("Records of the notifications topic partition the fan-out has not read yet")
                    .tag("partition", Integer.toString(p)).register(registry);
            return value;
        }).set(lag);
    }

    public void closed(int code) {
        Counter.builder("orbitlend.gateway.session.closes").tag("code", Integer.toString(code))
                .description("Sessions closed, by WebSocket close code").register(registry).increment();
    }

    /** A checked resume cursor's replay is read from {@code memory} or the {@code archive}. */
    public void replaySource(String source) {
        Counter.builder("orbitlend.gateway.resume.replays").tag("source", source)
                .description("Resume replays, by where they are read").register(registry).increment();
    }

    public void resumed(String outcome) {
        Counter.builder("orbitlend.gateway.resumes").tag("outcome", outcome)
                .description("Resumes, by outcome: recovered or the reason they were not").register(registry)
                .increment();
    }
}
