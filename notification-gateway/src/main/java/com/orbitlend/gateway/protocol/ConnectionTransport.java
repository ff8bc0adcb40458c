package com.orbitlend.gateway.protocol;

import com.orbitlend.gateway.delivery.OutboundFrame;
import com.orbitlend.gateway.delivery.SessionTransport;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.timeout.IdleStateHandler;
import io.quarkus.websockets.next.WebSocketConnection;
import io.quarkus.websockets.next.runtime.WebSocketConnectionBase;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.impl.WebSocketInternal;
import org.jboss.logging.Logger;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;

/**
 * A Vert.x server WebSocket as the delivery layer's transport, written at the Netty level: frames are written
 * without a flush (the delivery layer flushes once per batch), writability is the channel's, and Vert.x's drain
 * handler tells the session when the channel is writable again. The native endpoint hands its Vert.x WebSocket
 * directly; websockets-next (the Socket.IO endpoint) does not expose its own, so {@link #webSocketOf} reads it once
 * per connection by reflection, and {@link #supported()} says whether that works on the Quarkus version in use (a
 * test fails otherwise).
 */
public class ConnectionTransport implements SessionTransport {

    private static final Logger LOG = Logger.getLogger(ConnectionTransport.class);
    private static final Method WEB_SOCKET = webSocketAccessor();
    /** The name Vert.x gives the HTTP server's IdleStateHandler (quarkus.http.idle-timeout). */
    private static final String IDLE_HANDLER = "idle";

    private final WebSocketBase webSocket;
    private final ChannelHandlerContext context;
    /** The close code this side sent, 0 while it sent none. */
    private volatile int closeCode;

    public ConnectionTransport(WebSocketBase webSocket) {
        this.webSocket = webSocket;
        this.context = unwrap(webSocket).channelHandlerContext();
        // Vert.x's HTTP idle timeout handler wraps every write in a promise with a listener; a WebSocket session's
        // liveness is the heartbeat's business (HeartbeatMonitor, close 4408), so the handler goes
        if (context.pipeline().get(IDLE_HANDLER) instanceof IdleStateHandler) {
            context.pipeline().remove(IDLE_HANDLER);
        }
    }

    static boolean supported() {
        return WEB_SOCKET != null;
    }

    /** The client's address as Vert.x sees it (the forwarded one behind a trusted proxy). */
    public String remoteAddress() {
        var address = webSocket.remoteAddress();
        return address == null ? "unknown" : address.hostAddress();
    }

    /** Runs {@code onWritable} on the event loop whenever the connection can take more bytes again. */
    public void onWritable(Runnable onWritable) {
        webSocket.drainHandler(ignored -> onWritable.run());
    }

    @Override
    public Executor loop() {
        return context.channel().eventLoop();
    }

    @Override
    public boolean inLoop() {
        return context.channel().eventLoop().inEventLoop();
    }

    @Override
    public boolean writable() {
        return context.channel().isWritable();
    }

    @Override
    public void write(OutboundFrame frame) {
        if (frame.wire() != null) {
            // already a whole WebSocket frame: below the WebSocket encoder, nothing copies it (the socket writes
            // straight from the shared direct buffer)
            writeWire(frame.wire());
        } else {
            writeText(frame.bytes());
        }
    }

    /** Writes (unflushed) a whole WebSocket frame encoded in advance, shared with other connections. */
    protected void writeWire(ByteBuffer wire) {
        context.write(Unpooled.wrappedBuffer(wire.duplicate()), context.voidPromise());
    }

    /** Writes (unflushed) a text frame of this connection only. */
    protected void writeText(byte[] payload) {
        context.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(payload)), context.voidPromise());
    }

    @Override
    public void ping() {
        context.writeAndFlush(new PingWebSocketFrame(), context.voidPromise());
    }

    @Override
    public void flush() {
        context.flush();
    }

    @Override
    public void close(int code, String reason) {
        if (closeCode == 0) {
            closeCode = code;
        }
        closeSocket(code, reason);
    }

    /** Sends the close frame; subclasses that own the connection through another API close it there. */
    protected void closeSocket(int code, String reason) {
        webSocket.close((short) code, reason).onFailure(failure -> LOG.debugf(failure, "Closing with %d failed", code));
    }

    /**
     * The close code of the connection once closed: the one this side sent, else the client's, else 1006 (closed
     * without a close frame).
     */
    public int closeCode() {
        if (closeCode != 0) {
            return closeCode;
        }
        Short received = webSocket.closeStatusCode();
        return received == null ? 1006 : received;
    }

    /** The Vert.x WebSocket behind a websockets-next connection. */
    public static WebSocketBase webSocketOf(WebSocketConnection connection) {
        try {
            return (WebSocketBase) WEB_SOCKET.invoke(connection);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Cannot reach the Vert.x WebSocket of " + connection.id(), e);
        }
    }

    /** Vert.x Web wraps the server WebSocket (ServerWebSocketWrapper); its delegate is Vert.x core's. */
    private static WebSocketInternal unwrap(Object webSocket) {
        Object current = webSocket;
        for (int depth = 0; depth < 4; depth++) {
            if (current instanceof WebSocketInternal internal) {
                return internal;
            }
            try {
                Field delegate = current.getClass().getDeclaredField("delegate");
                delegate.setAccessible(true);
                current = delegate.get(current);
            } catch (ReflectiveOperationException | RuntimeException e) {
                break;
            }
        }
        throw new IllegalStateException("Not a Vert.x core WebSocket: " + webSocket.getClass().getName());
    }

    private static Method webSocketAccessor() {
        try {
            Method method = WebSocketConnectionBase.class.getDeclaredMethod("webSocket");
            method.setAccessible(true);
            return method;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.error("websockets-next changed: its connection's Vert.x WebSocket is not reachable", e);
            return null;
        }
    }
}
