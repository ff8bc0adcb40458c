package com.orbitlend.gateway.delivery;

/** The last delivered record of one channel: partition and offset in the notifications topic. */
public record Position(int partition, long offset) {

    public Position {
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("partition and offset must not be negative");
        }
    }

    /** Whether {@code other} comes after this position in the same channel's stream. */
    public boolean isBefore(int otherPartition, long otherOffset) {
        return otherPartition != partition || otherOffset > offset;
    }
}
