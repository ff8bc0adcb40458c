package com.orbitlend.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.notification.Channel;
import com.orbitlend.gateway.config.GatewayConfig;
import com.orbitlend.gateway.delivery.ClientSession;
import com.orbitlend.gateway.delivery.CloseCodes;
import com.orbitlend.gateway.delivery.CursorCodec;
import com.orbitlend.gateway.delivery.InvalidCursorException;
import com.orbitlend.gateway.delivery.LiveFrontier;
import com.orbitlend.gateway.delivery.MessageRate;
import com.orbitlend.gateway.delivery.Position;
import com.orbitlend.gateway.delivery.ResumeService;
import com.orbitlend.gateway.delivery.ResumeService.Replay;
import com.orbitlend.gateway.delivery.SessionRegistry;
import com.orbitlend.gateway.metrics.GatewayMetrics;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.quarkus.websockets.next.WebSocketSecurity;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The native JSON WebSocket endpoint. The HTTP upgrade needs a valid bearer token (header, or the
 * {@code bearer-token-carrier} subprotocol for browsers); the session then receives the notifications of
 * {@code user:<sub>} and {@code role:<group>} for each group of its token, and of the public channels it
 * subscribes to (or that its resume cursor carries).
 */
@Authenticated
@WebSocket(path = "/ws")
public class NotificationSocket {

    private static final Logger LOG = Logger.getLogger(NotificationSocket.class);
    private static final String GROUPS_CHANGED = TokenRefreshIdentityProvider.GroupsChanged.MESSAGE;

    @Inject
    SessionRegistry sessions;

    @Inject
    GatewayConfig config;

    @Inject
    SecurityIdentity identity;

    @Inject
    WebSocketSecurity security;

    @Inject
    TokenExpiry expiry;

    @Inject
    ResumeService resumes;

    @Inject
    SubscriptionMessages subscriptions;

    @Inject
    LiveFrontier frontier;

    @Inject
    GatewayMetrics metrics;

    @Inject
    ConnectionLimits limits;

    @OnOpen
    @NonBlocking
    public void open(WebSocketConnection connection) {
        JsonWebToken token = (JsonWebToken) identity.getPrincipal();
        String userId = token.getSubject();
        ConnectionTransport transport = new ConnectionTransport(connection);
        Set<String> channels;
        try {
            channels = channelsOf(userId, token.getGroups());
        } catch (IllegalArgumentException e) {
            transport.close(CloseCodes.POLICY_VIOLATION, "unsupported subject");
            return;
        }
        String cursorText = queryParameter(connection.handshakeRequest().query(), "cursor");
        Cursor cursor = cursorText == null ? null : Cursor.decode(cursorText);
        if (cursor != null && cursor.positions() != null) {
            // public subscriptions carried by the cursor are restored and resumed like the token's channels
            channels.addAll(subscriptions.publicChannelsOf(cursor.positions()));
        }
        String address = transport.remoteAddress();
        if (!limits.tryOpen(userId, address)) {
            transport.close(CloseCodes.TOO_MANY_CONNECTIONS, "too many connections");
            return;
        }
        ClientSession session = new ClientSession(connection.id(), userId, channels, transport,
                new ClientSession.Limits(config.delivery().queueCapacity(), config.delivery().queueBytes()), address,
                new MessageRate(config.limits().messagesPerSecond(), config.limits().messageBurst(), System.nanoTime()));
        transport.onWritable(session::drain);
        Instant expiresAt = Instant.ofEpochSecond(token.getExpirationTime());
        Function<String, String> welcome = sessionCursor -> Frames.welcome(connection.id(), userId,
                List.copyOf(channels), config.heartbeat().interval().toSeconds(), expiresAt, sessionCursor);
        // on the connection's event loop, like the fan-out's deliveries to it: registering, then reading the
        // live frontier, means every record after that frontier reaches the session
        session.holdLive();
        if (cursor != null && cursor.positions() != null) {
            session.startAfter(cursor.positions());
        }
        sessions.register(session);
        Map<String, Position> liveStart = frontier.startOf(channels);
        if (cursor == null) {
            session.goLiveFrom(liveStart, welcome);
        } else {
            session.sendWithCursor(welcome);
            resume(session, cursor, liveStart);
        }
        expiry.schedule(session, expiresAt);
        LOG.debugf("Session %s of %s joined %s", connection.id(), userId, channels);
    }

    @OnTextMessage
    @NonBlocking
    public void message(WebSocketConnection connection, String text) {
        ClientSession session = sessions.get(connection.id());
        if (session == null) {
            return;
        }
        session.heard();
        if (!session.tryMessage()) {
            session.send(Frames.error(ErrorCode.RATE_LIMITED, "more than " + config.limits().messagesPerSecond()
                    + " messages per second; this one was dropped"));
            return;
        }
        if (text.length() > config.protocol().maxClientMessageBytes()
                || text.getBytes(StandardCharsets.UTF_8).length > config.protocol().maxClientMessageBytes()) {
            session.send(Frames.error(ErrorCode.MESSAGE_TOO_LARGE,
                    "messages are limited to " + config.protocol().maxClientMessageBytes() + " bytes"));
            return;
        }
        JsonNode message;
        try {
            message = EventJson.mapper().readTree(text);
        } catch (Exception e) {
            session.send(Frames.error(ErrorCode.INVALID_JSON, "message is not valid JSON"));
            return;
        }
        if (message == null || !message.isObject() || !message.path("type").isTextual()) {
            session.send(Frames.error(ErrorCode.INVALID_MESSAGE, "expected an object with a string \"type\""));
            return;
        }
        switch (message.get("type").asText()) {
            case "ping" -> session.send(Frames.pong());
            case "refresh" -> refresh(session, message.path("token"));
            case "subscribe" -> subscriptions.subscribe(session, message);
            case "unsubscribe" -> subscriptions.unsubscribe(session, message);
            default -> session.send(Frames.error(ErrorCode.UNKNOWN_TYPE,
                    "unknown message type; supported: ping, refresh, subscribe, unsubscribe"));
        }
    }

    @OnBinaryMessage
    @NonBlocking
    public void binary(WebSocketConnection connection, Buffer data) {
        ClientSession session = sessions.get(connection.id());
        if (session != null) {
            session.heard();
            if (session.tryMessage()) {
                session.send(Frames.error(ErrorCode.UNSUPPORTED_FRAME, "binary frames are not supported"));
            }
        }
    }

    @OnPongMessage
    @NonBlocking
    public void pong(WebSocketConnection connection, Buffer data) {
        ClientSession session = sessions.get(connection.id());
        if (session != null) {
            session.heard();
        }
    }

    @OnClose
    @NonBlocking
    public void close(WebSocketConnection connection) {
        CloseReason reason = connection.closeReason();
        metrics.closed(reason == null ? CloseReason.NORMAL.getCode() : reason.getCode());
        ClientSession session = sessions.unregister(connection.id());
        if (session != null) {
            limits.closed(session.userId(), session.address());
        }
    }

    /**
     * The session is registered and holding its live records: reads what it missed after its cursor off the event
     * loop (bounded concurrency), then, back on the loop, replays it and goes live. Not recovered: every channel
     * restarts at its live start, which the {@code resumed} frame's cursor carries.
     */
    private void resume(ClientSession session, Cursor cursor, Map<String, Position> liveStart) {
        if (cursor.positions() == null) {
            finishResume(session, Replay.notRecovered(cursor.refusal()), liveStart);
            return;
        }
        resumes.submit(session, cursor.positions(),
                replay -> session.execute(() -> finishResume(session, replay, liveStart)));
    }

    private void finishResume(ClientSession session, Replay outcome, Map<String, Position> liveStart) {
        if (outcome.recovered() && session.release(outcome.missed(), c -> Frames.resumed(outcome, c))) {
            metrics.resumed("recovered");
            return;
        }
        Replay notRecovered = outcome.recovered() ? Replay.notRecovered("too_far_behind") : outcome;
        metrics.resumed(notRecovered.reason());
        session.goLiveFrom(liveStart, c -> Frames.resumed(notRecovered, c));
    }

    private void refresh(ClientSession session, JsonNode token) {
        if (!token.isTextual() || token.asText().isBlank()) {
            session.send(Frames.error(ErrorCode.INVALID_MESSAGE, "refresh needs a string \"token\""));
            return;
        }
        security.updateSecurityIdentity(token.asText()).whenComplete((updated, failure) -> session.execute(() -> {
            if (failure != null || !(updated.getPrincipal() instanceof JsonWebToken jwt)
                    || !session.userId().equals(jwt.getSubject())) {
                // Quarkus itself refuses another principal name; the subject check covers tokens without upn
                LOG.debugf("Refresh refused for session %s: %s", session.id(), failure);
                session.send(Frames.error(ErrorCode.INVALID_TOKEN, groupsChanged(failure)
                        ? GROUPS_CHANGED
                        : "token refused; the current one stays in force"));
                return;
            }
            if (!roleChannels(session.channels()).equals(roleChannels(channelsOf(jwt.getSubject(), jwt.getGroups())))) {
                // TokenRefreshIdentityProvider refuses it already; the session's channels are what matters here
                session.send(Frames.error(ErrorCode.INVALID_TOKEN, GROUPS_CHANGED));
                return;
            }
            Instant expiresAt = Instant.ofEpochSecond(jwt.getExpirationTime());
            expiry.schedule(session, expiresAt);
            session.send(Frames.refreshed(expiresAt));
        }));
    }

    private static Set<String> roleChannels(Set<String> channels) {
        Set<String> roles = new java.util.TreeSet<>(channels);
        roles.removeIf(channel -> !channel.startsWith(Channel.Kind.ROLE.prefix() + ":"));
        return roles;
    }

    private static boolean groupsChanged(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TokenRefreshIdentityProvider.GroupsChanged
                    || (t.getMessage() != null && t.getMessage().contains(GROUPS_CHANGED))) {
                return true;
            }
        }
        return false;
    }

    /** A resume cursor: its positions, or why it cannot be honoured. */
    private record Cursor(Map<String, Position> positions, String refusal) {

        static Cursor decode(String text) {
            try {
                return new Cursor(CursorCodec.decode(text), null);
            } catch (InvalidCursorException.Outdated e) {
                return new Cursor(null, "outdated_cursor");
            } catch (InvalidCursorException e) {
                return new Cursor(null, "invalid_cursor");
            }
        }
    }

    static String queryParameter(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    public static Set<String> channelsOf(String userId, Set<String> groups) {
        Set<String> channels = new LinkedHashSet<>();
        channels.add(Channel.user(userId).toString());
        List<String> sorted = new ArrayList<>(groups == null ? Set.of() : groups);
        sorted.sort(null);
        for (String group : sorted) {
            try {
                channels.add(Channel.role(group).toString());
            } catch (IllegalArgumentException e) {
                LOG.debugf("Ignoring group '%s' that is not a valid channel name", group);
            }
        }
        return channels;
    }
}
