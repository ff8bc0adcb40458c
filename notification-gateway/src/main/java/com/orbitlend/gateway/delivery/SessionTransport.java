package com.orbitlend.gateway.delivery;

import java.util.concurrent.CompletionStage;

/** The wire side of a session, implemented by the protocol adapter; lets delivery be tested alone. */
public interface SessionTransport {

    /** Sends one text frame; completes when written (or fails). */
    CompletionStage<Void> send(String frame);

    /** Closes the connection with a WebSocket close code and reason. */
    void close(int code, String reason);
}
