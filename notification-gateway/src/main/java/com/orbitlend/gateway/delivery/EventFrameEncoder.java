package com.orbitlend.gateway.delivery;

/** Renders an event frame; supplied by the protocol adapter that owns the wire format. */
@FunctionalInterface
public interface EventFrameEncoder {

    String encode(Delivered delivered, String cursor);
}
