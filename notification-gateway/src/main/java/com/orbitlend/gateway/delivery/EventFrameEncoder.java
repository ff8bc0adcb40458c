package com.orbitlend.gateway.delivery;

import java.util.ArrayList;
import java.util.List;

/** Renders an event frame once per record; supplied by the protocol adapter that owns the wire format. */
@FunctionalInterface
public interface EventFrameEncoder {

    OutboundFrame encode(Delivered delivered);

    /**
     * The frames of a batch of live records, in the fan-out's dispatch order (one thread, one batch at a time);
     * an encoder whose frames depend on that order (e.g. on what was dispatched before) overrides it.
     */
    default List<OutboundFrame> encodeLive(List<Delivered> batch) {
        List<OutboundFrame> frames = new ArrayList<>(batch.size());
        for (Delivered delivered : batch) {
            frames.add(encode(delivered));
        }
        return frames;
    }
}
