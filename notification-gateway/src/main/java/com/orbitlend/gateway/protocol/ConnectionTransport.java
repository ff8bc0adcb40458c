package com.orbitlend.gateway.protocol;

import com.orbitlend.gateway.delivery.SessionTransport;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletionStage;

/** A websockets-next connection as the delivery layer's transport. */
record ConnectionTransport(WebSocketConnection connection) implements SessionTransport {

    private static final Logger LOG = Logger.getLogger(ConnectionTransport.class);

    @Override
    public CompletionStage<Void> send(String frame) {
        return connection.sendText(frame).subscribeAsCompletionStage();
    }

    @Override
    public void close(int code, String reason) {
        connection.close(new CloseReason(code, reason)).subscribe().with(
                ok -> LOG.debugf("Closed %s with %d %s", connection.id(), code, reason),
                failure -> LOG.debugf(failure, "Closing %s failed", connection.id()));
    }
}
