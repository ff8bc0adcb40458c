package com.orbitlend.gateway.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.gateway.auth.TokenVerifier;
import com.orbitlend.gateway.auth.VerifiedToken;
import com.orbitlend.gateway.config.GatewayConfig;
import com.orbitlend.gateway.delivery.ClientSession;
import com.orbitlend.gateway.delivery.CloseCodes;
import com.orbitlend.gateway.delivery.LiveFrontier;
import com.orbitlend.gateway.delivery.MessageRate;
import com.orbitlend.gateway.delivery.Position;
import com.orbitlend.gateway.delivery.ResumeService;
import com.orbitlend.gateway.delivery.SessionRegistry;
import com.orbitlend.gateway.metrics.GatewayMetrics;
import com.orbitlend.gateway.protocol.ConnectionLimits;
import com.orbitlend.gateway.protocol.NotificationSocket;
import com.orbitlend.gateway.protocol.SubscriptionMessages;
import com.orbitlend.gateway.protocol.TokenExpiry;
import com.orbitlend.gateway.socketio.SocketIoCodec.MalformedPacketException;
import com.orbitlend.gateway.socketio.SocketIoCodec.Packet;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Socket.IO v4 (Engine.IO 4, WebSocket transport only) at {@code /socket.io/}, for frontends written for the
 * original Socket.IO server: {@code io(url, {auth: {token}, transports: ['websocket']})}. The socket of the default
 * namespace is a delivery {@link ClientSession} like a native one (same registry, limits, heartbeat sweep, token
 * expiry, resume); the JWT comes in the CONNECT packet's {@code auth.token}. Connection state recovery maps
 * socket.io-client's {@code pid} and {@code offset} onto the gateway's positions ({@link RecoveryOffsets}), so a
 * socket is recovered on any replica. Events: {@code subscribe}, {@code unsubscribe}, {@code refresh}
 * ({@link SocketIoEvents}' names for what the gateway sends). A CONNECT takes its turn in the replica's handshake
 * gate, shared with {@code /ws} ({@link Connect}).
 */
@WebSocket(path = "/socket.io/")
public class SocketIoEndpoint {

    private static final Logger LOG = Logger.getLogger(SocketIoEndpoint.class);
    /** Refused CONNECT packets one connection may send (a client retries on a new connection anyway). */
    static final int MAX_REFUSED_CONNECTS = 5;
    /** Why a CONNECT's connection is closed with 1013 when {@code limits.pending-handshakes} already run or wait. */
    static final String TOO_MANY_HANDSHAKES = "too many connections being opened at once; retry after a pause";

    @Inject
    SessionRegistry sessions;

    @Inject
    GatewayConfig config;

    @Inject
    TokenExpiry expiry;

    @Inject
    ResumeService resumes;

    @Inject
    LiveFrontier frontier;

    @Inject
    GatewayMetrics metrics;

    @Inject
    ConnectionLimits limits;

    @Inject
    SubscriptionMessages publicChannels;

    @Inject
    SocketIoCommands commands;

    @Inject
    TokenVerifier tokens;

    @Inject
    Vertx vertx;

    private final Map<String, EngineSocket> sockets = new ConcurrentHashMap<>();

    @OnOpen
    @NonBlocking
    public void open(WebSocketConnection connection) {
        EngineTransport transport = new EngineTransport(connection);
        EngineSocket socket = new EngineSocket(connection.id(), UUID.randomUUID().toString(), transport);
        sockets.put(connection.id(), socket);
        long interval = config.heartbeat().interval().toMillis();
        // the sweep closes a socket silent for max-missed intervals; the client gives up after interval + timeout,
        // one interval later than the server would, so a late sweep under load does not make clients drop
        transport.send(SocketIoCodec.open(connection.id(), interval,
                interval * Math.max(1, config.heartbeat().maxMissed()), config.protocol().maxClientMessageBytes()));
        socket.connectTimer = vertx.setTimer(connectTimeoutMillis(), id -> transport.loop().execute(() -> {
            if (socket.state == EngineSocket.State.AWAITING_CONNECT || socket.state == EngineSocket.State.CONNECTING) {
                transport.close(CloseCodes.HEARTBEAT_TIMEOUT, "no CONNECT in time");
            }
        }));
    }

    @OnTextMessage
    @NonBlocking
    public void message(WebSocketConnection connection, String text) {
        EngineSocket socket = sockets.get(connection.id());
        if (socket == null || socket.state == EngineSocket.State.CLOSED) {
            return;
        }
        ClientSession session = socket.session;
        if (session != null) {
            session.heard();
        }
        if (text.length() == 1 && text.charAt(0) == SocketIoCodec.PONG) {
            return;
        }
        if (text.length() > config.protocol().maxClientMessageBytes()
                || text.getBytes(StandardCharsets.UTF_8).length > config.protocol().maxClientMessageBytes()) {
            commands.error(socket, null, "message_too_large",
                    "packets are limited to " + config.protocol().maxClientMessageBytes() + " bytes");
            return;
        }
        Packet packet;
        try {
            packet = SocketIoCodec.decode(text);
        } catch (MalformedPacketException e) {
            LOG.debugf("Malformed packet on %s: %s", connection.id(), e.getMessage());
            commands.error(socket, null, "invalid_packet", e.getMessage());
            return;
        }
        switch (packet.engineType()) {
            case SocketIoCodec.CLOSE -> socket.transport.close(CloseReason.NORMAL.getCode(), "client closed");
            case SocketIoCodec.MESSAGE -> onPacket(socket, packet);
            default -> {
                // ping (the server pings in protocol 4), upgrade, noop: nothing to do
            }
        }
    }

    @OnBinaryMessage
    @NonBlocking
    public void binary(WebSocketConnection connection, Buffer data) {
        EngineSocket socket = sockets.get(connection.id());
        if (socket != null) {
            commands.error(socket, null, "unsupported_frame", "binary packets are not supported");
        }
    }

    @OnClose
    @NonBlocking
    public void close(WebSocketConnection connection) {
        EngineSocket socket = sockets.remove(connection.id());
        if (socket == null) {
            return;
        }
        socket.state = EngineSocket.State.CLOSED;
        vertx.cancelTimer(socket.connectTimer);
        if (socket.session != null) {
            CloseReason reason = connection.closeReason();
            metrics.closed(reason == null ? CloseReason.NORMAL.getCode() : reason.getCode());
            ClientSession session = sessions.unregister(connection.id());
            if (session != null) {
                limits.closed(session.userId(), session.address());
            }
        }
    }

    private void onPacket(EngineSocket socket, Packet packet) {
        if (packet.type() == SocketIoCodec.CONNECT) {
            connect(socket, packet);
            return;
        }
        if (!SocketIoCodec.DEFAULT_NAMESPACE.equals(packet.namespace()) || socket.session == null) {
            return;   // like socket.io: packets for a namespace the client has not joined are ignored
        }
        switch (packet.type()) {
            case SocketIoCodec.DISCONNECT -> socket.transport.close(CloseReason.NORMAL.getCode(), "client disconnected");
            case SocketIoCodec.EVENT -> {
                if (socket.session.tryMessage()) {
                    commands.event(socket, packet);
                } else {
                    commands.error(socket, packet.ackId(), "rate_limited", "more than "
                            + config.limits().messagesPerSecond() + " messages per second; this one was dropped");
                }
            }
            default -> {
                // acknowledgements of events the server never asked to acknowledge, CONNECT_ERROR: ignored
            }
        }
    }

    private void connect(EngineSocket socket, Packet packet) {
        if (!SocketIoCodec.DEFAULT_NAMESPACE.equals(packet.namespace())) {
            socket.transport.send(SocketIoCodec.connectError(packet.namespace(),
                    "Invalid namespace: only the default namespace \"/\" is served"));
            return;
        }
        if (socket.state != EngineSocket.State.AWAITING_CONNECT) {
            return;
        }
        if (socket.refusedConnects >= MAX_REFUSED_CONNECTS) {
            socket.transport.close(CloseCodes.POLICY_VIOLATION, "too many refused CONNECT packets");
            return;
        }
        JsonNode auth = packet.data();
        JsonNode token = auth == null ? null : auth.get("token");
        if (token == null || !token.isTextual() || token.asText().isBlank()) {
            refuse(socket, "unauthorized: auth.token is required");
            return;
        }
        if (!frontier.reading()) {
            // just started: as /ws answers 503, so the client reconnects (keeping its pid and offset) a bit later
            socket.transport.close(CloseCodes.TRY_AGAIN_LATER, CloseCodes.NOT_READING_YET);
            return;
        }
        socket.state = EngineSocket.State.CONNECTING;
        Connect connect = new Connect(socket, token.asText(), auth);
        if (!limits.handshakes().enter(connect::start)) {
            socket.transport.close(CloseCodes.TRY_AGAIN_LATER, TOO_MANY_HANDSHAKES);
        }
    }

    /**
     * One CONNECT past the replica's handshake gate (shared with {@code /ws}, see {@link ConnectionLimits#handshakes()}):
     * verifies the token off the loop, then on the connection's loop accepts or refuses it. It leaves the gate exactly
     * once: when the socket is connected or refused, when its connection closed before its turn or during the
     * verification, or {@code limits.handshake-timeout} after its turn came (the connection is then closed with 1013,
     * and socket.io-client reconnects with its backoff).
     */
    private final class Connect {

        private final EngineSocket socket;
        private final String token;
        private final JsonNode auth;
        private final AtomicBoolean ended = new AtomicBoolean();
        private long timer = -1;

        Connect(EngineSocket socket, String token, JsonNode auth) {
            this.socket = socket;
            this.token = token;
            this.auth = auth;
        }

        /** The gate's start, on whichever thread let it in: always continued on the connection's loop, as a task. */
        void start() {
            socket.transport.loop().execute(this::begin);
        }

        private void begin() {
            if (socket.state != EngineSocket.State.CONNECTING) {
                end(); // the connection closed while this CONNECT waited for its turn
                return;
            }
            timer = vertx.setTimer(config.limits().handshakeTimeout().toMillis(),
                    id -> socket.transport.loop().execute(this::timedOut));
            try {
                tokens.verify(token, socket.transport.loop(), this::verified);
            } catch (RejectedExecutionException e) {
                end(); // shutting down: the verifiers are gone
                socket.transport.close(CloseCodes.GOING_AWAY, "server shutting down");
            }
        }

        private void verified(VerifiedToken jwt, String refusal) {
            if (ended.get()) {
                return; // timed out meanwhile; the connection is closed
            }
            try {
                if (socket.state != EngineSocket.State.CONNECTING) {
                    return;
                }
                if (jwt == null) {
                    refuse(socket, "unauthorized: " + refusal);
                } else {
                    accept(socket, jwt, auth);
                }
            } finally {
                end();
            }
        }

        private void timedOut() {
            if (!ended.get()) {
                LOG.debugf("CONNECT of %s took longer than %s; closing its connection", socket.engineId,
                        config.limits().handshakeTimeout());
                end();
                socket.transport.close(CloseCodes.TRY_AGAIN_LATER, "connecting took too long; connect again");
            }
        }

        /** Leaves the gate, once whatever the path. */
        private void end() {
            if (ended.compareAndSet(false, true)) {
                if (timer >= 0) {
                    vertx.cancelTimer(timer);
                }
                limits.handshakes().leave();
            }
        }
    }

    private void accept(EngineSocket socket, VerifiedToken token, JsonNode auth) {
        String pid = text(auth, "pid");
        String offset = text(auth, "offset");
        String userId = token.subject();
        Set<String> channels;
        try {
            channels = NotificationSocket.channelsOf(userId, token.groups());
        } catch (IllegalArgumentException e) {
            refuse(socket, "unsupported subject: it cannot name a channel");
            return;
        }
        // public channels joined at connect (auth.subscribe) are part of the pid, hence recoverable
        JsonNode subscribe = auth.path("subscribe");
        for (JsonNode channel : subscribe.isArray() ? subscribe : List.of(subscribe)) {
            if (channel.isMissingNode()) {
                continue;
            }
            if (!channel.isTextual() || !publicChannels.isPublic(channel.asText())) {
                refuse(socket, "auth.subscribe lists public channels only, e.g. [\"public:marketplace\"]");
                return;
            }
            channels.add(channel.asText());
        }
        Map<String, Position> resumeFrom = null;
        String refusal = null;
        if (pid != null) {
            try {
                resumeFrom = RecoveryOffsets.positions(pid, offset);
                // public subscriptions named by the pid are restored, like those of a native cursor
                channels.addAll(publicChannels.publicChannelsOf(resumeFrom));
            } catch (RecoveryOffsets.NotRecoverable e) {
                refusal = e.reason();
            }
        }
        String address = socket.transport.remoteAddress();
        if (!limits.tryOpen(userId, address)) {
            refuse(socket, "too many connections");
            return;
        }
        vertx.cancelTimer(socket.connectTimer);
        ClientSession session = new ClientSession(socket.engineId, userId, channels, socket.transport,
                new ClientSession.Limits(config.delivery().queueCapacity(), config.delivery().queueBytes()), address,
                new MessageRate(config.limits().messagesPerSecond(), config.limits().messageBurst(), System.nanoTime()));
        socket.transport.onWritable(session::drain);
        socket.session = session;
        socket.state = EngineSocket.State.CONNECTED;
        session.holdLive();
        if (resumeFrom != null) {
            session.startAfter(resumeFrom);
        }
        sessions.register(session);
        Map<String, Position> liveStart = frontier.startOf(channels);
        if (pid == null || refusal != null) {
            if (refusal != null) {
                metrics.resumed(refusal);
            }
            // a new pid: the socket's cursor where its live streams start
            session.goLiveFrom(liveStart, cursor -> SocketIoCodec.connected(socket.socketId, cursor));
        } else {
            Map<String, Position> from = resumeFrom;
            resumes.submit(session, from, replay -> session.execute(
                    () -> Recovery.finish(session, socket.socketId, pid, from, replay, liveStart, metrics)));
        }
        expiry.schedule(session, token.expiresAt());
        LOG.debugf("Socket.IO socket %s of %s joined %s", socket.socketId, userId, channels);
    }

    /** CONNECT_ERROR in the default namespace; the client may CONNECT again (a few times). */
    private static void refuse(EngineSocket socket, String message) {
        socket.state = EngineSocket.State.AWAITING_CONNECT;
        socket.refusedConnects++;
        socket.transport.send(SocketIoCodec.connectError(null, message));
    }

    private long connectTimeoutMillis() {
        return config.heartbeat().interval().multipliedBy(Math.max(1, config.heartbeat().maxMissed())).toMillis();
    }

    private static String text(JsonNode auth, String field) {
        JsonNode value = auth.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
