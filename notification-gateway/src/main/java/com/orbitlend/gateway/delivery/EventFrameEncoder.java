package com.orbitlend.gateway.delivery;

/** Renders an event frame once per record; supplied by the protocol adapter that owns the wire format. */
@FunctionalInterface
public interface EventFrameEncoder {

    OutboundFrame encode(Delivered delivered);
}
