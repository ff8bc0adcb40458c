package com.orbitlend.gateway.delivery;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CursorCodecTest {

    @Test
    void roundTripsInTheFormAClientBuildsItself() throws Exception {
        Map<String, Position> positions = Map.of("user:alice", new Position(2, 41), "role:admin",
                new Position(0, Long.MAX_VALUE));
        String cursor = CursorCodec.encode(positions);

        assertThat(cursor).isEqualTo("v2,role:admin=0:" + Long.MAX_VALUE + ",user:alice=2:41");
        assertThat(CursorCodec.decode(cursor)).isEqualTo(positions);
        assertThat(CursorCodec.decode(CursorCodec.encode(Map.of()))).isEmpty();
        assertThat(CursorCodec.decode("v2,user:a.b@c|d+e-f=3:7")).containsEntry("user:a.b@c|d+e-f", new Position(3, 7));
    }

    @Test
    void aSubscriptionMadeOnAnEmptyPartitionStartsBeforeOffsetZero() throws Exception {
        Map<String, Position> positions = Map.of("public:marketplace", new Position(1, -1));
        assertThat(CursorCodec.decode(CursorCodec.encode(positions))).isEqualTo(positions);
        assertThatThrownBy(() -> CursorCodec.decode("v2,public:marketplace=1:-2"))
                .isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void aCursorOfTheFirstProtocolIsRecognisedAsOutdated() {
        assertThatThrownBy(() -> CursorCodec.decode(encoded("v1:{\"user:alice\":[1,4]}")))
                .isInstanceOf(InvalidCursorException.Outdated.class);
    }

    @Test
    void rejectsGarbage() {
        for (String garbage : new String[] {"", "!!!", "abc", "v1", "v3,user:a=1:2", "v2,user:a", "v2,user:a=",
                "v2,user:a=1", "v2,user:a=1:", "v2,user:a=:1", "v2,user:a=x:1", "v2,user:a=1:x", "v2,user:a=1.5:3",
                "v2,user:a=-1:3", "v2,user:a=1:2:3", "v2,nope=1:3", "v2,user:a b=1:3", "v2,user:a=1:2,user:a=1:3",
                "v2,=1:2", "v2,user:a=1:99999999999999999999999", "v2,user:a=99999999999:1",
                encoded("v2:{}"), "A".repeat(CursorCodec.MAX_LENGTH + 1)}) {
            assertThatThrownBy(() -> CursorCodec.decode(garbage)).as(garbage).isInstanceOf(InvalidCursorException.class)
                    .isNotInstanceOf(InvalidCursorException.Outdated.class);
        }
        assertThatThrownBy(() -> CursorCodec.decode(null)).isInstanceOf(InvalidCursorException.class);
    }

    private static String encoded(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
