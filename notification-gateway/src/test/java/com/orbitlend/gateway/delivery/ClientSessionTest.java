package com.orbitlend.gateway.delivery;

import com.orbitlend.events.EventJson;
import com.orbitlend.events.notification.Notification;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ClientSessionTest {

    private final FakeTransport transport = new FakeTransport();
    private final ClientSession session = new ClientSession("s1", "alice", Set.of("user:alice", "role:admin"),
            transport, new ClientSession.Limits(4, 1_000));

    @Test
    void writesSharedFramesInOrderAndFlushesOnlyWhenAsked() {
        OutboundFrame n1 = frame("user:alice", 0, 5, "n1");
        session.deliver(n1);
        session.deliver(frame("user:alice", 0, 6, "n2"));

        assertThat(transport.written).containsExactly("n1@5", "n2@6");
        assertThat(transport.flushes).isZero();
        assertThat(session.flush()).isTrue();
        assertThat(session.flush()).isFalse();
        assertThat(transport.flushes).isEqualTo(1);
        assertThat(session.positions()).containsEntry("user:alice", new Position(0, 6));
    }

    @Test
    void ignoresOtherChannelsAndAlreadyDeliveredOffsets() {
        session.deliver(frame("user:bob", 0, 1, "theirs"));
        session.deliver(frame("user:alice", 0, 5, "n1"));
        session.deliver(frame("user:alice", 0, 5, "n1"));
        session.deliver(frame("user:alice", 0, 4, "old"));
        session.deliver(frame("user:alice", 0, 8, "n2"));

        assertThat(transport.written).containsExactly("n1@5", "n2@8");
    }

    @Test
    void queuesWhileTheConnectionIsNotWritableAndDrainsInOrder() {
        session.deliver(frame("user:alice", 0, 1, "n1"));
        transport.writable = false;
        session.deliver(frame("user:alice", 0, 2, "n2"));
        session.send("pong");
        assertThat(transport.written).containsExactly("n1@1");
        assertThat(session.queued()).isEqualTo(2);

        transport.writable = true;
        session.drain();

        assertThat(transport.flushed).containsExactly("n1@1", "n2@2", "pong");
        assertThat(session.queued()).isZero();
        session.deliver(frame("user:alice", 0, 3, "n3"));
        assertThat(transport.written).endsWith("n3@3");
    }

    @Test
    void closesASlowConsumerWhenItsQueueOverflowsInFrames() {
        transport.writable = false;
        for (int i = 0; i < 4; i++) {
            session.deliver(frame("user:alice", 0, i, "n" + i));
        }
        assertThat(transport.closeCode).isNull();

        session.deliver(frame("user:alice", 0, 4, "n4"));

        assertThat(transport.closeCode).isEqualTo(CloseCodes.SLOW_CONSUMER);
        assertThat(session.isClosed()).isTrue();
        transport.writable = true;
        session.drain();
        assertThat(transport.written).isEmpty();
    }

    @Test
    void closesASlowConsumerWhenItsQueueOverflowsInBytes() {
        ClientSession small = new ClientSession("s2", "alice", Set.of("user:alice"), transport,
                new ClientSession.Limits(100, 10));
        transport.writable = false;
        small.deliver(frame("user:alice", 0, 1, "12345"));
        assertThat(transport.closeCode).isNull();

        small.deliver(frame("user:alice", 0, 2, "67890"));

        assertThat(transport.closeCode).isEqualTo(CloseCodes.SLOW_CONSUMER);
    }

    @Test
    void releaseSendsTheReplayThenTheLiveFramesAfterIt() {
        session.startAfter(Map.of("user:alice", new Position(1, 11), "user:bob", new Position(0, 3)));
        session.holdLive();
        session.deliver(frame("user:alice", 1, 12, "n12"));
        assertThat(transport.written).isEmpty();

        // the held record was archived too: replayed once, its live copy dropped
        assertThat(session.release(List.of(frame("user:alice", 1, 12, "n12")), cursor -> "resumed")).isTrue();
        session.deliver(frame("user:alice", 1, 13, "n13"));

        assertThat(transport.written).containsExactly("resumed", "n12@12", "n13@13");
        assertThat(session.positions()).doesNotContainKey("user:bob");
    }

    @Test
    void aReplayThatWouldFillTheQueueIsRefusedAndNothingIsSent() {
        // 4 frames: the resumed frame and a margin of 1 leave room for 2 replayed or held ones
        assertThat(session.replayLimit()).isEqualTo(2);
        session.holdLive();
        session.deliver(frame("user:alice", 0, 3, "held"));
        assertThat(session.release(List.of(frame("user:alice", 0, 1, "n1"), frame("user:alice", 0, 2, "n2")),
                cursor -> "resumed")).isFalse();
        assertThat(transport.written).isEmpty();

        session.goLiveFrom(Map.of("user:alice", new Position(0, 2)), cursor -> "not recovered|" + cursor);

        assertThat(transport.flushed).containsExactly(
                "not recovered|" + CursorCodec.encode(Map.of("user:alice", new Position(0, 2))), "held@3");
        assertThat(transport.closeCode).isNull();
    }

    @Test
    void aPagedReplayDropsLiveFramesOfItsChannelsPagesAtTheClientsPaceThenJoinsTheLiveStream() {
        ClientSession wide = new ClientSession("s2", "alice", Set.of("user:alice", "role:admin"), transport,
                new ClientSession.Limits(16, 100_000));
        wide.holdLive();
        wide.startAfter(Map.of("user:alice", new Position(0, 0), "role:admin", new Position(1, 0)));
        wide.deliver(frame("user:alice", 0, 40, "held-before-catch-up"));

        wide.catchUp(Set.of("user:alice"), cursor -> "resumed");
        wide.deliver(frame("user:alice", 0, 41, "live-while-paging"));
        wide.deliver(frame("role:admin", 1, 7, "admin-live"));
        assertThat(wide.catchingUp()).containsExactly("user:alice");
        assertThat(transport.written).containsExactly("resumed", "admin-live@7");

        transport.writable = false;
        wide.replay(List.of(frame("user:alice", 0, 1, "p1"), frame("user:alice", 0, 2, "p2")));
        List<String> next = new java.util.ArrayList<>();
        wide.afterDrained(() -> next.add("next page"));
        assertThat(next).isEmpty();
        transport.writable = true;
        wide.drain();
        assertThat(next).containsExactly("next page");

        wide.holdLive();
        wide.deliver(frame("user:alice", 0, 43, "live-held"));
        assertThat(wide.finishCatchUp(List.of(frame("user:alice", 0, 2, "p2-again"), frame("user:alice", 0, 42, "p42"))))
                .isTrue();
        assertThat(wide.catchingUp()).isEmpty();
        wide.deliver(frame("user:alice", 0, 44, "live"));
        assertThat(transport.written).containsExactly("resumed", "admin-live@7", "p1@1", "p2@2", "p42@42",
                "live-held@43", "live@44");
    }

    @Test
    void finishingACatchUpThatDoesNotFitTheQueueDropsTheHeldFramesAndKeepsPaging() {
        session.holdLive();
        session.startAfter(Map.of("user:alice", new Position(0, 0)));
        session.catchUp(Set.of("user:alice"), cursor -> "resumed");
        session.holdLive();
        session.deliver(frame("user:alice", 0, 9, "held"));

        // 4 frames: 3 to finish with, 1 held and a margin of 1 do not fit
        assertThat(session.finishCatchUp(List.of(frame("user:alice", 0, 1, "a"), frame("user:alice", 0, 2, "b"),
                frame("user:alice", 0, 3, "c")))).isFalse();
        assertThat(session.catchingUp()).containsExactly("user:alice");
        session.deliver(frame("user:alice", 0, 10, "dropped: the replay reads it"));
        assertThat(transport.written).containsExactly("resumed");
    }

    @Test
    void aNewSessionStartsEveryChannelAtItsLiveStartAndSendsTheWelcomeFirst() throws Exception {
        session.holdLive();
        session.deliver(frame("user:alice", 0, 7, "before"));
        session.deliver(frame("user:alice", 0, 8, "after"));

        session.goLiveFrom(Map.of("user:alice", new Position(0, 7), "role:admin", new Position(2, -1),
                "user:bob", new Position(1, 1)), cursor -> "welcome|" + cursor);

        assertThat(transport.flushed).hasSize(2);
        assertThat(transport.flushed.get(1)).isEqualTo("after@8");
        assertThat(CursorCodec.decode(transport.flushed.get(0).substring("welcome|".length()))).isEqualTo(
                Map.of("user:alice", new Position(0, 7), "role:admin", new Position(2, -1)));
    }

    @Test
    void aJoinedChannelStartsAfterItsStartPositionAndALeftOneIsNoLongerDelivered() throws Exception {
        session.join("public:market", new Position(2, 40));
        session.deliver(frame("public:market", 2, 40, "before"));
        session.deliver(frame("public:market", 2, 41, "after"));
        assertThat(session.channels()).containsExactlyInAnyOrder("user:alice", "role:admin", "public:market");
        assertThat(CursorCodec.decode(session.cursor())).containsEntry("public:market", new Position(2, 41));

        session.leave("public:market");
        session.deliver(frame("public:market", 2, 42, "gone"));

        assertThat(transport.written).containsExactly("after@41");
        assertThat(CursorCodec.decode(session.cursor())).doesNotContainKey("public:market");
        assertThat(session.channels()).doesNotContain("public:market");
    }

    static OutboundFrame frame(String channel, int partition, long offset, String id) {
        Delivered delivered = new Delivered(channel, partition, offset, new Notification(id, channel, "loan:status",
                EventJson.mapper().createObjectNode(), Instant.EPOCH, null));
        return new OutboundFrame(channel, delivered.position(), id,
                (id + "@" + offset).getBytes(StandardCharsets.UTF_8));
    }
}
