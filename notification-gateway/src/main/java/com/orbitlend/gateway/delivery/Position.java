package com.orbitlend.gateway.delivery;

/**
 * The last delivered record of one channel: partition and offset in the notifications topic. Offset -1 means
 * "before the partition's first record" (a subscription made while the partition was still empty). On the
 * wire it is {@code "<partition>:<offset>"}, the {@code pos} of an event frame.
 */
public record Position(int partition, long offset) {

    public Position {
        if (partition < 0 || offset < -1) {
            throw new IllegalArgumentException("partition must not be negative, offset not below -1");
        }
    }

    /** Whether {@code other} comes after this position in the same channel's stream. */
    public boolean isBefore(int otherPartition, long otherOffset) {
        return otherPartition != partition || otherOffset > offset;
    }

    /** The wire form, {@code "<partition>:<offset>"}. */
    public String wire() {
        return partition + ":" + offset;
    }

    /** Reads the wire form; {@link IllegalArgumentException} if it is not one. */
    public static Position parse(String wire) {
        int colon = wire.indexOf(':');
        if (colon <= 0 || colon == wire.length() - 1 || colon > 10 || wire.length() - colon > 21) {
            throw new IllegalArgumentException("not a position");
        }
        for (int i = 0; i < wire.length(); i++) {
            char c = wire.charAt(i);
            if (i != colon && !(c >= '0' && c <= '9') && !(c == '-' && i == colon + 1)) {
                throw new IllegalArgumentException("not a position");
            }
        }
        try {
            return new Position(Integer.parseInt(wire, 0, colon, 10), Long.parseLong(wire, colon + 1, wire.length(), 10));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a position");
        }
    }
}
