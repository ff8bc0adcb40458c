package com.orbitlend.gateway.socketio;

import com.orbitlend.events.EventJson;
import com.orbitlend.events.notification.Notification;
import com.orbitlend.gateway.delivery.Delivered;
import com.orbitlend.gateway.delivery.FrameVariants;
import com.orbitlend.gateway.delivery.OutboundFrame;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SocketIoEventsTest {

    @Test
    void aLiveFramesOffsetIsTheDispatchFrontierAtItsRecord() throws Exception {
        // after the batch the fan-out had taken partition 0 to 12 (11 was skipped as invalid), 1 to 8 (no record in
        // this batch), 2 to 30
        List<Delivered> batch = List.of(delivered("role:admin", 0, 9), delivered("user:a", 2, 29), delivered("role:admin", 0, 10));
        List<FrameVariants> variants = SocketIoEvents.live(batch, Map.of(0, 12L, 1, 8L, 2, 30L), 3);
        assertThat(offset(frame(batch.get(0), variants.get(0)))).isEqualTo("f1,0:10,1:8,2:29");
        assertThat(offset(frame(batch.get(1), variants.get(1)))).isEqualTo("f1,0:10,1:8,2:30");
        assertThat(offset(frame(batch.get(2), variants.get(2)))).isEqualTo("f1,0:11,1:8,2:30");
    }

    @Test
    void theEventIsTheSeedNameAndPayloadWithTheOffsetLast() throws Exception {
        Delivered d = delivered("user:a", 1, 4);
        OutboundFrame frame = frame(d, SocketIoEvents.live(List.of(d), Map.of(1, 5L), 2).get(0));
        String text = text(SocketIoEvents.wire(frame, SocketIoEvents.RECOVERABLE));
        assertThat(text).isEqualTo("42[\"loan:status\",{\"loanId\":\"l1\",\"status\":\"approved\"},\"f1,1:5\"]");
        assertThat(text(SocketIoEvents.wire(frame, SocketIoEvents.UNRECOVERABLE))).endsWith(",\"-\"]");
        assertThat(SocketIoEvents.wire(frame, SocketIoEvents.RECOVERABLE))
                .as("built once, then the same bytes for every socket")
                .isSameAs(SocketIoEvents.wire(frame, SocketIoEvents.RECOVERABLE));
    }

    @Test
    void aReplayedFrameCarriesTheSocketsCursor() throws Exception {
        Delivered d = delivered("user:a", 1, 4);
        OutboundFrame replayed = SocketIoEvents.replayed(frame(d, SocketIoEvents.detached(d)), "v2,user:a=1:4");
        assertThat(offset(replayed)).isEqualTo("v2,user:a=1:4");
        assertThat(text(SocketIoEvents.wire(replayed, SocketIoEvents.UNRECOVERABLE))).endsWith(",\"v2,user:a=1:4\"]");
    }

    private static Delivered delivered(String channel, int partition, long offset) throws Exception {
        return new Delivered(channel, partition, offset, new Notification("n-" + offset, channel, "loan:status",
                EventJson.mapper().readTree("{\"loanId\":\"l1\",\"status\":\"approved\"}"), Instant.EPOCH, null));
    }

    private static OutboundFrame frame(Delivered d, FrameVariants variants) {
        return new OutboundFrame(d.channel(), d.position(), d.notification().id(), new byte[0], null, variants);
    }

    private static String offset(OutboundFrame frame) throws Exception {
        String text = text(SocketIoEvents.wire(frame, SocketIoEvents.RECOVERABLE));
        var array = EventJson.mapper().readTree(text.substring(2));
        return array.get(array.size() - 1).asText();
    }

    /** The payload of a whole unmasked WebSocket text frame. */
    private static String text(ByteBuffer wire) {
        ByteBuffer frame = wire.duplicate();
        frame.get();
        int length = frame.get() & 0x7F;
        if (length == 126) {
            length = frame.getShort() & 0xFFFF;
        } else if (length == 127) {
            length = (int) frame.getLong();
        }
        byte[] payload = new byte[length];
        frame.get(payload);
        return new String(payload, StandardCharsets.UTF_8);
    }
}
