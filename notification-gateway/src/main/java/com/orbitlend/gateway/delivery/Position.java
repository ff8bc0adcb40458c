package com.orbitlend.gateway.delivery;

/**
 * The last delivered record of one channel: partition and offset in the notifications topic. Offset -1 means
 * "before the partition's first record" (a subscription made while the partition was still empty).
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
}
