package com.orbitlend.gateway.delivery;

import com.orbitlend.events.EventJson;
import com.orbitlend.events.notification.Notification;
import com.orbitlend.gateway.archive.ArchiveService;
import com.orbitlend.gateway.archive.ArchiveWatermark;
import com.orbitlend.gateway.archive.ArchivedNotification;
import com.orbitlend.gateway.config.GatewayConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** ResumeService alone, over an in-memory archive: when a cursor is (not) recovered. */
class ResumeServiceReplayTest {

    private static final int PARTITIONS = 3;
    private static final String USER = "user:alice";
    private static final String ROLE = "role:user";
    private static final int USER_PARTITION = ChannelPartition.of(USER, PARTITIONS);
    private static final int ROLE_PARTITION = ChannelPartition.of(ROLE, PARTITIONS);

    /** Rows per channel; every partition archived up to the live frontier (offset 1000). */
    static final class MemoryArchive extends ArchiveService {
        final Map<String, List<ArchivedNotification>> rows = new java.util.HashMap<>();
        long retainedFrom;
        long archivedUpTo = 1000;

        @Override
        public List<ArchivedNotification> after(String channel, int partition, long offset, int limit) {
            return rows.getOrDefault(channel, List.of()).stream()
                    .filter(r -> r.kafkaPartition == partition && r.kafkaOffset > offset).limit(limit).toList();
        }

        @Override
        public long countBetween(String channel, int partition, long after, long before) {
            return rows.getOrDefault(channel, List.of()).stream()
                    .filter(r -> r.kafkaPartition == partition && r.kafkaOffset > after && r.kafkaOffset < before).count();
        }

        @Override
        public List<String> idsUpTo(String channel, int partition, long offset, int limit) {
            return List.of();
        }

        @Override
        public Optional<Long> nextOffset(int partition) {
            return Optional.of(archivedUpTo);
        }

        @Override
        public long retainedFrom(int partition) {
            return retainedFrom;
        }

        void add(String channel, int partition, long offset) {
            ArchivedNotification row = new ArchivedNotification();
            row.channel = channel;
            row.kafkaPartition = partition;
            row.kafkaOffset = offset;
            row.payload = EventJson.write(new Notification("n" + offset, channel, "loan:status",
                    EventJson.mapper().createObjectNode(), Instant.EPOCH, null));
            rows.computeIfAbsent(channel, c -> new ArrayList<>()).add(row);
        }
    }

    private final MemoryArchive archive = new MemoryArchive();
    private final ResumeService service = new ResumeService();
    private final ClientSession session = new ClientSession("s", "alice", Set.of(USER, ROLE), new FakeTransport(),
            new ClientSession.Limits(16, 1 << 20));

    @BeforeEach
    void setUp() {
        service.archive = archive;
        service.frontier = new LiveFrontier();
        service.frontier.partitions(PARTITIONS);
        for (int p = 0; p < PARTITIONS; p++) {
            service.frontier.started(p, 1000);
        }
        service.config = config();
        service.watermark = ArchiveWatermark.over(archive);
        service.encoder = delivered -> ClientSessionTest.frame(delivered.channel(), delivered.partition(),
                delivered.offset(), delivered.notification().id());
        service.recent = RecentFrames.withBudget(1 << 20);
    }

    @Test
    void aGapTheRecentWindowCoversIsReplayedFromMemoryWithoutWaitingForTheArchive() {
        // this replica's fan-out read every partition from offset 900 on; the archive stopped at 900 (its
        // consumer is still waiting to take over a dead replica's partition)
        archive.archivedUpTo = 900;
        for (int p = 0; p < PARTITIONS; p++) {
            service.recent.startAt(p, 900);
        }
        List<OutboundFrame> live = new ArrayList<>();
        for (long offset = 900; offset < 1000; offset++) {
            String channel = offset % 2 == 0 ? USER : "user:bob";
            int partition = ChannelPartition.of(channel, PARTITIONS);
            live.add(ClientSessionTest.frame(channel, partition, offset, "n" + offset));
        }
        live.sort(java.util.Comparator.comparing((OutboundFrame f) -> f.position().partition()));
        service.recent.append(live, Map.of(0, 1000L, 1, 1000L, 2, 1000L));

        var replay = service.missedSince(session, cursor(990, 995));

        assertThat(replay.recovered()).isTrue();
        assertThat(replay.missed()).extracting(frame -> frame.position().offset())
                .containsExactlyElementsOf(LongStream.range(991, 1000).filter(o -> o % 2 == 0).boxed().toList());
        assertThat(replay.missed()).allMatch(frame -> frame.channel().equals(USER));
    }

    @Test
    void aGapOlderThanTheRecentWindowWaitsForTheArchive() {
        archive.archivedUpTo = 900;
        for (int p = 0; p < PARTITIONS; p++) {
            service.recent.startAt(p, 950);
        }
        service.recent.append(List.of(), Map.of(0, 1000L, 1, 1000L, 2, 1000L));

        var replay = service.missedSince(session, cursor(940, 999));

        assertThat(replay.recovered()).isFalse();
        assertThat(replay.reason()).isEqualTo("archive_behind");

        archive.archivedUpTo = 1000;
        archive.add(USER, USER_PARTITION, 945);
        assertThat(service.missedSince(session, cursor(940, 999)).missed())
                .extracting(frame -> frame.position().offset()).containsExactly(945L);
    }

    @Test
    void aCompleteCursorReplaysWhatCameAfterIt() {
        archive.add(USER, USER_PARTITION, 10);
        archive.add(USER, USER_PARTITION, 11);

        var replay = service.missedSince(session, cursor(10, 5));

        assertThat(replay.recovered()).isTrue();
        assertThat(replay.missed()).extracting(frame -> frame.position().offset()).containsExactly(11L);
    }

    @Test
    void aCursorMissingOneOfTheSessionsChannelsIsNotRecovered() {
        archive.add(ROLE, ROLE_PARTITION, 7);

        var replay = service.missedSince(session, Map.of(USER, new Position(USER_PARTITION, 10)));

        assertThat(replay.recovered()).isFalse();
        assertThat(replay.reason()).isEqualTo("incomplete_cursor");
    }

    @Test
    void aChannelInAnotherPartitionThanItsOwnIsAnInvalidCursor() {
        var replay = service.missedSince(session, Map.of(USER, new Position((USER_PARTITION + 1) % PARTITIONS, 1),
                ROLE, new Position(ROLE_PARTITION, 1)));

        assertThat(replay.reason()).isEqualTo("invalid_cursor");
    }

    @Test
    void replayUpToTheSessionsLimitComesInOneGoOneMoreIsPagedWithItsTotal() {
        int limit = session.replayLimit();
        assertThat(limit).isEqualTo(16 - 1 - 2);
        LongStream.rangeClosed(1, limit).forEach(o -> archive.add(USER, USER_PARTITION, o));
        var whole = service.missedSince(session, cursor(0, 0));
        assertThat(whole.paged()).isFalse();
        assertThat(whole.missed()).hasSize(limit);

        LongStream.rangeClosed(1, 30).forEach(o -> archive.add(ROLE, ROLE_PARTITION, o));
        var replay = service.missedSince(session, cursor(0, 0));
        assertThat(replay.recovered()).isTrue();
        assertThat(replay.paged()).isTrue();
        assertThat(replay.missed()).hasSize(limit);
        assertThat(replay.total()).isEqualTo(limit + 30);
    }

    @Test
    void aCursorBelowTheRetainedOffsetsHasExpired() {
        archive.retainedFrom = 50;
        assertThat(service.missedSince(session, cursor(49, 49)).recovered()).isTrue();

        var replay = service.missedSince(session, cursor(48, 49));
        assertThat(replay.recovered()).isFalse();
        assertThat(replay.reason()).isEqualTo("expired");
    }

    @Test
    void notReadyWhileThePartitionCountIsUnknown() {
        service.frontier = new LiveFrontier();
        assertThat(service.missedSince(session, cursor(1, 1)).reason()).isEqualTo("not_ready");
    }

    private static Map<String, Position> cursor(long userOffset, long roleOffset) {
        return Map.of(USER, new Position(USER_PARTITION, userOffset), ROLE, new Position(ROLE_PARTITION, roleOffset));
    }

    private static GatewayConfig config() {
        GatewayConfig.Delivery delivery = new GatewayConfig.Delivery() {
            @Override
            public int queueCapacity() {
                return 16;
            }

            @Override
            public long queueBytes() {
                return 1 << 20;
            }

            @Override
            public int dedupWindow() {
                return 64;
            }

            @Override
            public int resumeConcurrency() {
                return 1;
            }

            @Override
            public long replayWindowBytes() {
                return 1 << 20;
            }

            @Override
            public Duration resumeWait() {
                return Duration.ofMillis(100);
            }
        };
        return (GatewayConfig) java.lang.reflect.Proxy.newProxyInstance(GatewayConfig.class.getClassLoader(),
                new Class<?>[] {GatewayConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("delivery")) {
                        return delivery;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
