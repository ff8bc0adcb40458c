package com.orbitlend.gateway.delivery;

import com.orbitlend.events.EventJson;
import com.orbitlend.events.notification.Notification;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

class ClientSessionTest {

    /** A transport whose writes complete only when the test says so. */
    static final class ManualTransport implements SessionTransport {
        final List<String> sent = new ArrayList<>();
        final List<CompletableFuture<Void>> pending = new ArrayList<>();
        Integer closeCode;

        @Override
        public CompletionStage<Void> send(String frame) {
            sent.add(frame);
            CompletableFuture<Void> write = new CompletableFuture<>();
            pending.add(write);
            return write;
        }

        @Override
        public void close(int code, String reason) {
            closeCode = code;
        }

        void completeAll() {
            while (pending.stream().anyMatch(f -> !f.isDone())) {
                new ArrayList<>(pending).forEach(f -> f.complete(null));
            }
        }
    }

    private final ManualTransport transport = new ManualTransport();
    private final ClientSession session = new ClientSession("s1", "alice", Set.of("user:alice", "role:admin"),
            transport, (d, cursor) -> d.notification().id() + "@" + d.offset() + "|" + cursor, 4, 16);

    @Test
    void sendsInOrderOneAtATimeWithTheCursorAfterEachFrame() throws Exception {
        session.deliver(delivered("user:alice", 0, 5, "n1"));
        session.deliver(delivered("user:alice", 0, 6, "n2"));
        assertThat(transport.sent).hasSize(1);

        transport.completeAll();

        assertThat(transport.sent).extracting(f -> f.substring(0, f.indexOf('|'))).containsExactly("n1@5", "n2@6");
        String lastCursor = transport.sent.get(1).substring(transport.sent.get(1).indexOf('|') + 1);
        assertThat(CursorCodec.decode(lastCursor)).containsEntry("user:alice", new Position(0, 6));
    }

    @Test
    void ignoresOtherChannelsDuplicatesAndAlreadyDeliveredOffsets() {
        session.deliver(delivered("user:bob", 0, 1, "theirs"));
        session.deliver(delivered("user:alice", 0, 5, "n1"));
        session.deliver(delivered("user:alice", 0, 5, "n1"));
        session.deliver(delivered("user:alice", 0, 7, "n1"));
        session.deliver(delivered("user:alice", 0, 8, "n2"));
        transport.completeAll();

        assertThat(transport.sent).extracting(f -> f.substring(0, f.indexOf('|'))).containsExactly("n1@5", "n2@8");
    }

    @Test
    void closesASlowConsumerWhenItsQueueOverflows() {
        for (int i = 0; i < 5; i++) {
            session.deliver(delivered("user:alice", 0, i, "n" + i));
        }
        assertThat(transport.closeCode).isNull();

        session.deliver(delivered("user:alice", 0, 5, "n5"));

        assertThat(transport.closeCode).isEqualTo(CloseCodes.SLOW_CONSUMER);
        assertThat(session.isClosed()).isTrue();
        transport.completeAll();
        assertThat(transport.sent).hasSize(1);
    }

    @Test
    void releaseSendsTheReplayThenTheLiveRecordsAfterIt() {
        session.startAfter(java.util.Map.of("user:alice", new Position(1, 11), "user:bob", new Position(0, 3)));
        session.holdLive();
        session.deliver(delivered("user:alice", 1, 12, "n12"));
        assertThat(transport.sent).isEmpty();

        // the held record was archived too: replayed once, its live copy dropped
        assertThat(session.release(List.of(delivered("user:alice", 1, 12, "n12")), cursor -> "resumed|" + cursor))
                .isTrue();
        session.deliver(delivered("user:alice", 1, 13, "n13"));
        transport.completeAll();

        assertThat(transport.sent).extracting(f -> f.substring(0, f.indexOf('|')))
                .containsExactly("resumed", "n12@12", "n13@13");
        assertThat(session.positions()).doesNotContainKey("user:bob");
    }

    @Test
    void aReplayThatWouldFillTheQueueIsRefusedAndNothingIsSent() {
        // capacity 4: the resumed frame and a margin of 1 leave room for 2 replayed or held records
        assertThat(session.replayLimit()).isEqualTo(2);
        ClientSession full = new ClientSession("s2", "alice", Set.of("user:alice"), transport,
                (d, cursor) -> d.notification().id(), 4, 16);
        full.holdLive();
        full.deliver(delivered("user:alice", 0, 3, "held"));
        assertThat(full.release(List.of(delivered("user:alice", 0, 1, "n1"), delivered("user:alice", 0, 2, "n2")),
                cursor -> "resumed")).isFalse();
        assertThat(transport.sent).isEmpty();

        full.goLiveFrom(java.util.Map.of("user:alice", new Position(0, 2)), cursor -> "too_far_behind|" + cursor);
        transport.completeAll();
        assertThat(transport.sent).containsExactly(
                "too_far_behind|" + CursorCodec.encode(java.util.Map.of("user:alice", new Position(0, 2))), "held");
        assertThat(transport.closeCode).isNull();

        session.holdLive();
        session.deliver(delivered("user:alice", 0, 3, "held"));
        assertThat(session.release(List.of(delivered("user:alice", 0, 2, "n2")), cursor -> "resumed|")).isTrue();
    }

    @Test
    void aNewSessionStartsEveryChannelAtItsLiveStartAndSendsTheWelcomeFirst() throws Exception {
        session.holdLive();
        session.deliver(delivered("user:alice", 0, 7, "before"));
        session.deliver(delivered("user:alice", 0, 8, "after"));

        session.goLiveFrom(java.util.Map.of("user:alice", new Position(0, 7), "role:admin", new Position(2, -1),
                "user:bob", new Position(1, 1)), cursor -> "welcome|" + cursor);
        transport.completeAll();

        assertThat(transport.sent).extracting(f -> f.substring(0, f.indexOf('|')))
                .containsExactly("welcome", "after@8");
        assertThat(CursorCodec.decode(transport.sent.get(0).substring("welcome|".length()))).isEqualTo(
                java.util.Map.of("user:alice", new Position(0, 7), "role:admin", new Position(2, -1)));
    }

    @Test
    void aFailedWriteClosesTheSession() {
        session.deliver(delivered("user:alice", 0, 1, "n1"));
        transport.pending.get(0).completeExceptionally(new IllegalStateException("gone"));
        assertThat(transport.closeCode).isEqualTo(CloseCodes.SEND_FAILED);
    }

    @Test
    void aSubscriptionStartsAfterItsStartPositionAndAcknowledgesBeforeItsEvents() throws Exception {
        assertThat(session.subscribing("public:market")).isTrue();
        assertThat(session.subscribing("public:market")).isFalse();
        session.deliver(delivered("public:market", 2, 40, "before"));
        session.deliver(delivered("public:market", 2, 41, "after"));
        assertThat(transport.sent).isEmpty();

        session.subscribed("public:market", new Position(2, 40), cursor -> "ack|" + cursor);
        session.deliver(delivered("public:market", 2, 42, "live"));
        transport.completeAll();

        assertThat(transport.sent).extracting(f -> f.substring(0, f.indexOf('|')))
                .containsExactly("ack", "after@41", "live@42");
        String ackCursor = transport.sent.get(0).substring(4);
        assertThat(CursorCodec.decode(ackCursor)).containsEntry("public:market", new Position(2, 40));
        assertThat(session.channels()).containsExactlyInAnyOrder("user:alice", "role:admin", "public:market");
    }

    @Test
    void anUnsubscribedChannelIsNoLongerDeliveredNorInTheCursor() throws Exception {
        session.subscribing("public:market");
        session.subscribed("public:market", new Position(1, -1), cursor -> "ack|" + cursor);
        session.deliver(delivered("public:market", 1, 0, "first"));
        transport.completeAll();

        session.unsubscribe("public:market", cursor -> "bye|" + cursor);
        session.deliver(delivered("public:market", 1, 1, "second"));
        transport.completeAll();

        assertThat(transport.sent).extracting(f -> f.substring(0, f.indexOf('|')))
                .containsExactly("ack", "first@0", "bye");
        assertThat(CursorCodec.decode(transport.sent.get(2).substring(4))).doesNotContainKey("public:market");
        assertThat(session.channels()).doesNotContain("public:market");
    }

    private static Delivered delivered(String channel, int partition, long offset, String id) {
        return new Delivered(channel, partition, offset, new Notification(id, channel, "loan:status",
                EventJson.mapper().createObjectNode(), Instant.EPOCH, null));
    }
}
