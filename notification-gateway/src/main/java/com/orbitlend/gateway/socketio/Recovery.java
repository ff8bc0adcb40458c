package com.orbitlend.gateway.socketio;

import com.orbitlend.gateway.delivery.ClientSession;
import com.orbitlend.gateway.delivery.CursorCodec;
import com.orbitlend.gateway.delivery.OutboundFrame;
import com.orbitlend.gateway.delivery.Position;
import com.orbitlend.gateway.delivery.ResumeService.Replay;
import com.orbitlend.gateway.metrics.GatewayMetrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Ends a Socket.IO reconnect that came with a {@code pid}: recovered (the same pid back, so socket.io-client sets
 * {@code socket.recovered}), then the missed events, then live ones; or not recovered (a new pid: the client
 * knows it missed something and reloads).
 */
final class Recovery {

    private Recovery() {
    }

    /** On the session's loop. */
    static void finish(ClientSession session, String socketId, String pid, Map<String, Position> from, Replay outcome,
            Map<String, Position> liveStart, GatewayMetrics metrics) {
        // a gap longer than the queue is replayed in pages on /ws only (each Socket.IO event carries the socket's
        // whole cursor as its offset, which the shared pages do not): here the client is told it was not recovered
        if (outcome.recovered() && !outcome.paged()
                && session.release(replayed(outcome.missed(), from, liveStart), c -> SocketIoCodec.connected(socketId, pid))) {
            metrics.resumed("recovered");
            return;
        }
        String reason = outcome.recovered() ? "too_far_behind" : outcome.reason();
        metrics.resumed(reason);
        session.goLiveFrom(liveStart, cursor -> SocketIoCodec.connected(socketId, cursor));
    }

    /**
     * The missed frames up to where the live stream starts (the rest arrives live, in dispatch order, so the live
     * frames' frontier offsets stay true), each carrying the socket's whole cursor after it as its offset.
     */
    static List<OutboundFrame> replayed(List<OutboundFrame> missed, Map<String, Position> from,
            Map<String, Position> liveStart) {
        Map<String, Position> cursor = new TreeMap<>(from);
        List<OutboundFrame> replayed = new ArrayList<>(missed.size());
        for (OutboundFrame frame : missed) {
            Position position = frame.position();
            Position last = cursor.get(frame.channel());
            Position live = liveStart.get(frame.channel());
            if (last == null || !last.isBefore(position.partition(), position.offset())
                    || (live != null && live.isBefore(position.partition(), position.offset()))) {
                continue;
            }
            cursor.put(frame.channel(), position);
            replayed.add(SocketIoEvents.replayed(frame, CursorCodec.encode(cursor)));
        }
        return replayed;
    }
}
