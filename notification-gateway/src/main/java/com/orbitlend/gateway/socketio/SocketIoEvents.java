package com.orbitlend.gateway.socketio;

import com.fasterxml.jackson.core.JsonGenerator;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.notification.Notification;
import com.orbitlend.gateway.delivery.Delivered;
import com.orbitlend.gateway.delivery.FrameVariants;
import com.orbitlend.gateway.delivery.OutboundFrame;
import com.orbitlend.gateway.protocol.WireFrames;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A notification as a Socket.IO event, {@code 42["loan:status",{…data…},"<offset>"]}: the seed's event name and
 * payload, and the recovery offset as the last argument (socket.io-client keeps the last string argument of each
 * event as its offset). Live frames carry the dispatch frontier ({@link RecoveryOffsets}), so their bytes depend
 * on the record only: built once per record on this replica, on first use by a Socket.IO socket, then shared by
 * every one of them, as a whole WebSocket frame like the native one.
 */
public final class SocketIoEvents {

    /** Variant slots: with the frontier offset, and with {@link RecoveryOffsets#UNRECOVERABLE}. */
    static final int RECOVERABLE = 0, UNRECOVERABLE = 1;
    private static final int SLOTS = 2;
    /** Events of the gateway itself (never a notification's name: those are the seed's, without this prefix). */
    static final String CLOSING = "gateway:closing", ERROR = "gateway:error";

    private SocketIoEvents() {
    }

    /** What a live record's Socket.IO frames are built from. */
    private record Live(Notification notification, long[] frontier) {
    }

    /**
     * The Socket.IO variants of a batch of live records in dispatch order. {@code frontierAfter}: the fan-out's
     * frontier once the whole batch was taken (records it skipped included). Before the batch, a partition's
     * frontier is its first record in the batch (the records below it are dispatched, or skipped as invalid or
     * repeated: never delivered to anyone); each record then moves its own partition's past itself.
     */
    public static List<FrameVariants> live(List<Delivered> batch, Map<Integer, Long> frontierAfter, int partitions) {
        int size = partitions;
        for (Integer p : frontierAfter.keySet()) {
            size = Math.max(size, p + 1);
        }
        for (Delivered d : batch) {
            size = Math.max(size, d.partition() + 1);
        }
        long[] next = new long[size];
        java.util.Arrays.fill(next, -1);
        frontierAfter.forEach((p, offset) -> next[p] = offset);
        boolean[] seen = new boolean[size];
        for (Delivered d : batch) {
            if (!seen[d.partition()]) {
                seen[d.partition()] = true;
                next[d.partition()] = d.offset();
            }
        }
        List<FrameVariants> variants = new ArrayList<>(batch.size());
        for (Delivered d : batch) {
            next[d.partition()] = d.offset() + 1;
            variants.add(new FrameVariants(new Live(d.notification(), next.clone()), SLOTS));
        }
        return variants;
    }

    /** Variants of a record outside the live stream (a resume's replay): nothing proves what came before it. */
    public static FrameVariants detached(Delivered delivered) {
        return new FrameVariants(new Live(delivered.notification(), null), SLOTS);
    }

    /** {@link #detached} variants of the record whose live variants these are. */
    public static FrameVariants detached(FrameVariants live) {
        return new FrameVariants(new Live(((Live) live.source()).notification(), null), SLOTS);
    }

    /** The whole WebSocket frame a Socket.IO socket writes for {@code frame} (recoverable or not). */
    static ByteBuffer wire(OutboundFrame frame, int slot) {
        return frame.variants().get(slot, source -> build((Live) source, slot));
    }

    /** A replayed frame for one socket: its offset is the socket's whole cursor after it. */
    static OutboundFrame replayed(OutboundFrame frame, String cursorAfter) {
        Notification n = ((Live) frame.variants().source()).notification();
        ByteBuffer wire = WireFrames.text(payload(n, cursorAfter));
        return new OutboundFrame(frame.channel(), frame.position(), frame.notificationId(), frame.bytes(),
                frame.wire(), FrameVariants.of(wire, wire));
    }

    private static ByteBuffer build(Live live, int slot) {
        String offset = slot == UNRECOVERABLE || live.frontier() == null
                ? RecoveryOffsets.UNRECOVERABLE
                : RecoveryOffsets.frontier(live.frontier());
        return WireFrames.text(payload(live.notification(), offset));
    }

    /** Tells the socket why the server ends it, before the DISCONNECT: {@code gateway:closing {code, reason}}. */
    static String closing(int code, String reason) {
        var data = EventJson.mapper().createObjectNode();
        data.put("code", code);
        data.put("reason", reason);
        return SocketIoCodec.event(CLOSING, data);
    }

    static byte[] payload(Notification n, String offset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = EventJson.mapper().getFactory().createGenerator(out)) {
            json.writeRaw("" + SocketIoCodec.MESSAGE + SocketIoCodec.EVENT);
            json.writeStartArray();
            json.writeString(n.event());
            json.writeTree(n.data());
            json.writeString(offset);
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode notification " + n.id(), e);
        }
        return out.toByteArray();
    }
}
