package com.orbitlend.gateway.delivery;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CursorCodecTest {

    @Test
    void roundTrips() throws Exception {
        Map<String, Position> positions = Map.of("user:alice", new Position(2, 41), "role:admin",
                new Position(0, Long.MAX_VALUE));
        String cursor = CursorCodec.encode(positions);

        assertThat(cursor).matches("[A-Za-z0-9_-]+");
        assertThat(CursorCodec.decode(cursor)).isEqualTo(positions);
        assertThat(CursorCodec.decode(CursorCodec.encode(Map.of()))).isEmpty();
    }

    @Test
    void aSubscriptionMadeOnAnEmptyPartitionStartsBeforeOffsetZero() throws Exception {
        Map<String, Position> positions = Map.of("public:marketplace", new Position(1, -1));
        assertThat(CursorCodec.decode(CursorCodec.encode(positions))).isEqualTo(positions);
        assertThatThrownBy(() -> CursorCodec.decode(encoded("v1:{\"public:marketplace\":[1,-2]}")))
                .isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void rejectsGarbage() {
        for (String garbage : new String[] {"", "!!!", "abc", encoded("v1:[1,2]"), encoded("v2:{}"),
                encoded("v1:{\"user:a\":[1]}"), encoded("v1:{\"user:a\":[-1,3]}"), encoded("v1:{\"user:a\":[1.5,3]}"),
                encoded("v1:{\"user:a\":[\"1\",3]}"), encoded("v1:{\"nope\":[1,3]}"), encoded("v1:{\"user:a b\":[1,3]}"),
                encoded("v1:{not json"), "A".repeat(CursorCodec.MAX_LENGTH + 1)}) {
            assertThatThrownBy(() -> CursorCodec.decode(garbage)).as(garbage).isInstanceOf(InvalidCursorException.class);
        }
        assertThatThrownBy(() -> CursorCodec.decode(null)).isInstanceOf(InvalidCursorException.class);
    }

    private static String encoded(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
