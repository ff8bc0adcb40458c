package com.orbitlend.gateway.delivery;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static com.orbitlend.gateway.delivery.ClientSessionTest.frame;
import static org.assertj.core.api.Assertions.assertThat;

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

    private static ClientSession session(String user, FakeTransport wire) {
        return new ClientSession(user, user, Set.of("user:" + user), wire, new ClientSession.Limits(16, 1 << 20));
    }
}
