package com.orbitlend.gateway.socketio;

import com.orbitlend.gateway.delivery.Position;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecoveryOffsetsTest {

    private static final String PID = RecoveryOffsets.pid(Map.of("user:alice", new Position(1, 10),
            "role:user", new Position(0, 5)));

    @Test
    void withoutAnOffsetTheSocketResumesWhereItStarted() throws Exception {
        assertThat(RecoveryOffsets.positions(PID, null))
                .containsEntry("user:alice", new Position(1, 10)).containsEntry("role:user", new Position(0, 5));
    }

    @Test
    void aFrontierOffsetMovesEveryChannelOfItsPartitionsPastWhatWasReceived() throws Exception {
        String offset = RecoveryOffsets.frontier(new long[] {9, 42, 7});
        assertThat(offset).isEqualTo("f1,0:9,1:42,2:7");
        assertThat(RecoveryOffsets.positions(PID, offset))
                .containsEntry("user:alice", new Position(1, 41)).containsEntry("role:user", new Position(0, 8));
    }

    @Test
    void neverBeforeTheStartNorForPartitionsTheFrontierDoesNotName() throws Exception {
        assertThat(RecoveryOffsets.positions(PID, RecoveryOffsets.frontier(new long[] {3, -1})))
                .containsEntry("role:user", new Position(0, 5)).containsEntry("user:alice", new Position(1, 10));
    }

    @Test
    void aReplayedEventsCursorOffsetIsTakenPerChannel() throws Exception {
        assertThat(RecoveryOffsets.positions(PID, "v2,role:user=0:6,user:alice=1:12"))
                .containsEntry("user:alice", new Position(1, 12)).containsEntry("role:user", new Position(0, 6));
    }

    @Test
    void refusesWhatCannotBeRecovered() {
        assertThatThrownBy(() -> RecoveryOffsets.positions("nonsense", null))
                .hasMessage("invalid_cursor");
        assertThatThrownBy(() -> RecoveryOffsets.positions(PID, RecoveryOffsets.UNRECOVERABLE))
                .hasMessage("subscriptions_changed");
        assertThatThrownBy(() -> RecoveryOffsets.positions(PID, "f1,0:x")).hasMessage("invalid_cursor");
        assertThatThrownBy(() -> RecoveryOffsets.positions(PID, "f1,0:1,0:2")).hasMessage("invalid_cursor");
        assertThatThrownBy(() -> RecoveryOffsets.positions(PID, "v2,user:alice=2:50")).hasMessage("invalid_cursor");
        assertThatThrownBy(() -> RecoveryOffsets.positions(PID, "garbage")).hasMessage("invalid_cursor");
    }
}
