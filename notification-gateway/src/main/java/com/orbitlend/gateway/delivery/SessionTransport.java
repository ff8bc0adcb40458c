package com.orbitlend.gateway.delivery;

import java.util.concurrent.Executor;

/**
 * The wire side of a session, implemented by the protocol adapter; lets delivery be tested alone. A session's
 * state lives on one thread, its connection's event loop: every method but {@link #loop()} and
 * {@link #inLoop()} is called on it.
 */
public interface SessionTransport {

    /** The event loop that owns the connection; sessions of one loop share a {@link LoopShard}. */
    Executor loop();

    /** Whether the caller runs on {@link #loop()}. */
    boolean inLoop();

    /** Whether the connection takes more bytes now (below its write-buffer high-water mark). */
    boolean writable();

    /** Writes one text frame without flushing it. */
    void write(OutboundFrame frame);

    /** Sends a WebSocket ping frame (flushed). */
    void ping();

    /** Flushes what {@link #write} buffered (once per loop turn). */
    void flush();

    /** Closes the connection with a WebSocket close code and reason. */
    void close(int code, String reason);
}
