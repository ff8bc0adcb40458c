package com.orbitlend.gateway.socketio;

import com.orbitlend.gateway.delivery.CloseCodes;
import com.orbitlend.gateway.delivery.OutboundFrame;
import com.orbitlend.gateway.protocol.ConnectionTransport;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;

import java.nio.charset.StandardCharsets;

/**
 * A Socket.IO socket's connection as the delivery layer's transport: event frames are written as their shared
 * Socket.IO variant (with the frontier offset, or, once the socket changed its subscriptions, the unrecoverable
 * one), control frames as the Engine.IO packets they already are; the heartbeat's ping is Engine.IO's {@code 2}
 * (the client answers {@code 3}); a close for an expired token or a slow consumer is preceded by the reason and a
 * Socket.IO DISCONNECT, so socket.io-client reports "io server disconnect" and does not retry on its own.
 */
final class EngineTransport extends ConnectionTransport {

    private static final byte[] PING = SocketIoCodec.ping().getBytes(StandardCharsets.UTF_8);

    private volatile int slot = SocketIoEvents.RECOVERABLE;

    private final WebSocketConnection connection;

    EngineTransport(WebSocketConnection connection) {
        super(webSocketOf(connection));
        this.connection = connection;
    }

    @Override
    protected void closeSocket(int code, String reason) {
        // through websockets-next, which then runs the endpoint's @OnClose
        connection.close(new CloseReason(code, reason)).subscribe().with(
                ok -> { }, failure -> { });
    }

    /** The socket's channels no longer match its pid: from now on its offsets say it cannot be recovered. */
    void unrecoverable() {
        slot = SocketIoEvents.UNRECOVERABLE;
    }

    boolean recoverable() {
        return slot == SocketIoEvents.RECOVERABLE;
    }

    @Override
    public void write(OutboundFrame frame) {
        if (frame.variants() != null) {
            writeWire(SocketIoEvents.wire(frame, slot));
        } else {
            writeText(frame.bytes());
        }
    }

    /** Writes and flushes one packet of this connection. */
    void send(String packet) {
        writeText(packet.getBytes(StandardCharsets.UTF_8));
        flush();
    }

    @Override
    public void ping() {
        writeText(PING);
        flush();
    }

    @Override
    public void close(int code, String reason) {
        if (code == CloseCodes.TOKEN_EXPIRED || code == CloseCodes.SLOW_CONSUMER) {
            send(SocketIoEvents.closing(code, reason));
            send(SocketIoCodec.disconnect());
        }
        super.close(code, reason);
    }
}
