package com.orbitlend.gateway.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Renders an event frame once per record; supplied by the protocol adapter that owns the wire format. */
@FunctionalInterface
public interface EventFrameEncoder {

    OutboundFrame encode(Delivered delivered);

    /**
     * The frames of a batch of live records, in the fan-out's dispatch order (one thread, one batch at a time);
     * {@code frontierAfter}: per partition, the offset after the last record the batch took (skipped ones
     * included), merged with the frontier before it. An encoder whose frames depend on that order (e.g. on what
     * was dispatched before) overrides it.
     */
    default List<OutboundFrame> encodeLive(List<Delivered> batch, Map<Integer, Long> frontierAfter) {
        List<OutboundFrame> frames = new ArrayList<>(batch.size());
        for (Delivered delivered : batch) {
            frames.add(encode(delivered));
        }
        return frames;
    }

    /**
     * A live frame replayed to a resuming session (from {@link RecentFrames}): by default the same frame; an
     * encoder whose live frames say something about the live stream around them (Socket.IO's offsets) returns
     * one without that, as {@link #encode} would, sharing what it can.
     */
    default OutboundFrame replayed(OutboundFrame live) {
        return live;
    }
}
