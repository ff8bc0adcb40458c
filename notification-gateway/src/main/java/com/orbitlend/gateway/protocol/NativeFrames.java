package com.orbitlend.gateway.protocol;

import com.orbitlend.gateway.delivery.Delivered;
import com.orbitlend.gateway.delivery.EventFrameEncoder;
import com.orbitlend.gateway.delivery.OutboundFrame;
import jakarta.enterprise.context.ApplicationScoped;

/** The native JSON protocol's event frames, for the delivery layer. */
@ApplicationScoped
class NativeFrames implements EventFrameEncoder {

    @Override
    public OutboundFrame encode(Delivered delivered) {
        return Frames.event(delivered);
    }
}
