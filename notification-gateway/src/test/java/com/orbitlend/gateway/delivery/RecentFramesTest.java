package com.orbitlend.gateway.delivery;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RecentFramesTest {

    private static final String ALICE = "user:alice";
    private static final String BOB = "user:bob";

    private static List<OutboundFrame> frames(int partition, long from, long to) {
        List<OutboundFrame> frames = new ArrayList<>();
        for (long offset = from; offset < to; offset++) {
            frames.add(ClientSessionTest.frame(offset % 3 == 0 ? ALICE : BOB, partition, offset, "n" + offset));
        }
        return frames;
    }

    private static List<Long> offsets(Optional<List<OutboundFrame>> frames) {
        return frames.orElseThrow().stream().map(f -> f.position().offset()).toList();
    }

    @Test
    void replaysAChannelsFramesAfterItsPositionAndBeforeTheLiveStart() {
        RecentFrames recent = RecentFrames.withBudget(1 << 20);
        recent.startAt(0, 100);
        recent.append(frames(0, 100, 130), Map.of(0, 130L));

        var gap = recent.between(Map.of(ALICE, new Position(0, 105)), Map.of(0, 124L), 100);

        assertThat(offsets(gap)).containsExactly(108L, 111L, 114L, 117L, 120L, 123L);
    }

    @Test
    void skippedRecordsAreCoveredButAbsent() {
        RecentFrames recent = RecentFrames.withBudget(1 << 20);
        recent.startAt(0, 100);
        // 100..109 were taken, only 102 was valid; the window covers all of them
        recent.append(List.of(ClientSessionTest.frame(ALICE, 0, 102, "n102")), Map.of(0, 110L));

        assertThat(offsets(recent.between(Map.of(ALICE, new Position(0, 99)), Map.of(0, 110L), 10)))
                .containsExactly(102L);
    }

    @Test
    void aPositionBeforeTheWindowIsNotCovered() {
        RecentFrames recent = RecentFrames.withBudget(1 << 20);
        recent.startAt(0, 100);
        recent.append(frames(0, 100, 110), Map.of(0, 110L));

        assertThat(recent.between(Map.of(ALICE, new Position(0, 99)), Map.of(0, 110L), 10)).isPresent();
        assertThat(recent.between(Map.of(ALICE, new Position(0, 98)), Map.of(0, 110L), 10)).isEmpty();
        // nothing published after the position: nothing to cover
        assertThat(recent.between(Map.of(ALICE, new Position(0, 20)), Map.of(0, 21L), 10)).contains(List.of());
        // a partition this replica never read
        assertThat(recent.between(Map.of(ALICE, new Position(1, 5)), Map.of(1, 9L), 10)).isEmpty();
    }

    @Test
    void evictionBeyondTheBudgetMovesTheCoverageForward() {
        OutboundFrame sample = ClientSessionTest.frame(ALICE, 0, 0, "n0");
        RecentFrames recent = RecentFrames.withBudget(RecentFrames.cost(sample) * 10);
        recent.startAt(0, 0);
        recent.append(frames(0, 0, 25), Map.of(0, 25L));

        assertThat(recent.size()).isLessThanOrEqualTo(10);
        long from = recent.coveredFrom().get(0);
        assertThat(from).isGreaterThanOrEqualTo(15L);
        assertThat(recent.between(Map.of(ALICE, new Position(0, from - 2)), Map.of(0, 25L), 100)).isEmpty();
        assertThat(offsets(recent.between(Map.of(ALICE, new Position(0, from - 1)), Map.of(0, 25L), 100)))
                .allMatch(offset -> offset >= from).contains(24L);
    }

    @Test
    void stopsAtTheLimitSoTheCallerCanTellAGapTooLongForTheQueue() {
        RecentFrames recent = RecentFrames.withBudget(1 << 20);
        recent.startAt(0, 0);
        recent.append(frames(0, 0, 60), Map.of(0, 60L));

        assertThat(offsets(recent.between(Map.of(ALICE, new Position(0, -1)), Map.of(0, 60L), 5)))
                .containsExactly(0L, 3L, 6L, 9L, 12L);
    }

    @Test
    void aSeekElsewhereRestartsTheWindowButAContinuationKeepsIt() {
        RecentFrames recent = RecentFrames.withBudget(1 << 20);
        recent.startAt(0, 0);
        recent.append(frames(0, 0, 10), Map.of(0, 10L));

        recent.startAt(0, 10); // assigned again where this replica stopped
        assertThat(recent.coveredFrom()).containsEntry(0, 0L);

        recent.startAt(0, 50); // read from somewhere else: what lies between is unknown here
        assertThat(recent.coveredFrom()).containsEntry(0, 50L);
        assertThat(recent.between(Map.of(ALICE, new Position(0, 5)), Map.of(0, 50L), 10)).isEmpty();
    }
}
