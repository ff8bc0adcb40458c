package com.orbitlend.gateway.archive;

import com.orbitlend.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gauge {@code orbitlend_gateway_archive_lag{partition}} (at /q/metrics): per partition of the notifications
 * topic, how many records are not archived yet = log end offset - max(archive progress, log start offset).
 * The same value on every replica (it reads the topic and the shared progress table), refreshed every
 * {@code orbitlend.gateway.archive.lag-interval}; it keeps its last value while Kafka or the database is away.
 */
@ApplicationScoped
public class ArchiveLag {

    public static final String METRIC = "orbitlend.gateway.archive.lag";
    private static final Logger LOG = Logger.getLogger(ArchiveLag.class);

    @Inject
    MeterRegistry registry;

    @Inject
    ArchiveService archive;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    GatewayConfig config;

    private final Map<Integer, AtomicLong> lag = new ConcurrentHashMap<>();
    private Admin admin;

    @Scheduled(every = "${orbitlend.gateway.archive.lag-interval:15s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            update();
        } catch (Exception e) {
            LOG.debugf("Archive lag not refreshed: %s", e.toString());
        }
    }

    /** Reads the end offsets and the progress now; returns the lag per partition. */
    public synchronized Map<Integer, Long> update() throws Exception {
        Admin client = admin();
        String topic = config.notificationsTopic();
        TopicDescription description = client.describeTopics(List.of(topic)).allTopicNames()
                .get(10, TimeUnit.SECONDS).get(topic);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        description.partitions().forEach(p -> {
            latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
        });
        Map<TopicPartition, ListOffsetsResultInfo> ends = client.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> starts = client.listOffsets(earliest).all()
                .get(10, TimeUnit.SECONDS);
        Map<Integer, Long> progress = archive.progress(ends.keySet().stream().map(TopicPartition::partition).toList());
        Map<Integer, Long> result = new HashMap<>();
        ends.forEach((tp, end) -> {
            long from = Math.max(progress.getOrDefault(tp.partition(), 0L), starts.get(tp).offset());
            long value = Math.max(0, end.offset() - from);
            result.put(tp.partition(), value);
            lag.computeIfAbsent(tp.partition(), this::register).set(value);
        });
        return result;
    }

    private AtomicLong register(int partition) {
        AtomicLong value = new AtomicLong();
        Gauge.builder(METRIC, value, AtomicLong::doubleValue)
                .description("Records of the notifications topic partition not archived yet")
                .tag("partition", Integer.toString(partition))
                .register(registry);
        return value;
    }

    private Admin admin() {
        if (admin == null) {
            Map<String, Object> config = new HashMap<>();
            kafkaConfig.forEach((key, value) -> {
                // only what an admin client understands (the map also holds consumer and producer settings)
                if (AdminClientConfig.configNames().contains(key)) {
                    config.put(key, value);
                }
            });
            config.put(AdminClientConfig.CLIENT_ID_CONFIG, "notification-gateway-archive-lag");
            admin = Admin.create(config);
        }
        return admin;
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }
}
