package com.orbitlend.gateway.socketio;

import com.orbitlend.gateway.delivery.CursorCodec;
import com.orbitlend.gateway.delivery.InvalidCursorException;
import com.orbitlend.gateway.delivery.Position;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Connection state recovery's {@code pid} and {@code offset} (socket.io-client 4.6+ sends back the {@code pid} of
 * its last CONNECT answer and the last string argument of the last event it received) mapped onto the gateway's
 * per-channel positions, so that any replica can recover a socket:
 * <ul>
 * <li>{@code pid}: the socket's cursor when it connected ({@code v2,<channel>=<partition>:<offset>,…}): its
 * channels and where each started;</li>
 * <li>a live event's offset: {@code f1,<partition>:<next>,…}, the fan-out's dispatch frontier at that record:
 * every deliverable record of partition {@code p} below {@code next} was dispatched before it (this record is
 * {@code next - 1} of its own partition). A socket receives its channels' records in dispatch order, so having
 * this event means having every record of its channels below the frontier. It depends on the record only: one
 * string for every socket, built once per replica;</li>
 * <li>a replayed event's offset: the socket's whole cursor after it (a replay is the socket's own);</li>
 * <li>{@value #UNRECOVERABLE}: the socket changed its subscriptions since it connected, so its {@code pid} no
 * longer names its channels; it cannot be recovered.</li>
 * </ul>
 * A channel then resumes after the later of its start and what the offset proves received.
 */
public final class RecoveryOffsets {

    static final String FRONTIER = "f1";
    public static final String UNRECOVERABLE = "-";

    private RecoveryOffsets() {
    }

    /** Why a pid and offset cannot be recovered. */
    public static final class NotRecoverable extends Exception {

        private final String reason;

        NotRecoverable(String reason) {
            super(reason, null, false, false);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /** The pid of a socket whose channels start at {@code start}. */
    public static String pid(Map<String, Position> start) {
        return CursorCodec.encode(start);
    }

    /** A live event's offset: {@code next[p]} = the frontier of partition {@code p}, -1 where unknown. */
    public static String frontier(long[] next) {
        StringJoiner offset = new StringJoiner(",");
        offset.add(FRONTIER);
        for (int p = 0; p < next.length; p++) {
            if (next[p] >= 0) {
                offset.add(p + ":" + next[p]);
            }
        }
        return offset.toString();
    }

    /** The channels of {@code pid} and where each resumes given the client's last {@code offset} (may be null). */
    public static Map<String, Position> positions(String pid, String offset) throws NotRecoverable {
        Map<String, Position> start;
        try {
            start = CursorCodec.decode(pid);
        } catch (InvalidCursorException e) {
            throw new NotRecoverable("invalid_cursor");
        }
        if (offset == null || offset.isEmpty()) {
            return start;
        }
        if (UNRECOVERABLE.equals(offset)) {
            throw new NotRecoverable("subscriptions_changed");
        }
        Map<String, Position> received = new LinkedHashMap<>();
        if (offset.startsWith(FRONTIER + ",") || offset.equals(FRONTIER)) {
            Map<Integer, Long> next = parseFrontier(offset);
            start.forEach((channel, position) -> {
                Long frontier = next.get(position.partition());
                if (frontier != null && frontier >= 0) {
                    received.put(channel, new Position(position.partition(), frontier - 1));
                }
            });
        } else {
            try {
                received.putAll(CursorCodec.decode(offset));
            } catch (InvalidCursorException e) {
                throw new NotRecoverable("invalid_cursor");
            }
        }
        Map<String, Position> positions = new TreeMap<>();
        for (Map.Entry<String, Position> entry : start.entrySet()) {
            Position from = entry.getValue();
            Position got = received.get(entry.getKey());
            if (got != null && got.partition() != from.partition()) {
                throw new NotRecoverable("invalid_cursor");
            }
            positions.put(entry.getKey(), got != null && got.offset() > from.offset() ? got : from);
        }
        return positions;
    }

    private static Map<Integer, Long> parseFrontier(String offset) throws NotRecoverable {
        Map<Integer, Long> next = new TreeMap<>();
        String[] entries = offset.split(",", -1);
        if (entries.length > 1025) {
            throw new NotRecoverable("invalid_cursor");
        }
        for (int i = 1; i < entries.length; i++) {
            try {
                Position entry = Position.parse(entries[i]);
                if (next.put(entry.partition(), entry.offset()) != null) {
                    throw new NotRecoverable("invalid_cursor");
                }
            } catch (IllegalArgumentException e) {
                throw new NotRecoverable("invalid_cursor");
            }
        }
        return next;
    }
}
