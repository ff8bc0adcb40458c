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
import com.orbitlend.gateway.delivery.Position;
import com.orbitlend.gateway.delivery.ResumeService;
import com.orbitlend.gateway.delivery.ResumeService.Replay;
import com.orbitlend.gateway.delivery.SessionRegistry;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.quarkus.websockets.next.WebSocketSecurity;
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

    @OnOpen
    public void open(WebSocketConnection connection) {
        JsonWebToken token = (JsonWebToken) identity.getPrincipal();
        String userId = token.getSubject();
        Set<String> channels;
        try {
            channels = channelsOf(userId, token.getGroups());
        } catch (IllegalArgumentException e) {
            new ConnectionTransport(connection).close(CloseCodes.POLICY_VIOLATION, "unsupported subject");
            return;
        }
        String cursorText = queryParameter(connection.handshakeRequest().query(), "cursor");
        Map<String, Position> cursor = cursorText == null ? null : decode(cursorText);
        if (cursor != null) {
            // public subscriptions carried by the cursor are restored and resumed like the token's channels
            channels.addAll(subscriptions.publicChannelsOf(cursor));
        }
        ClientSession session = new ClientSession(connection.id(), userId, channels,
                new ConnectionTransport(connection), Frames::event,
                config.delivery().queueCapacity(), config.delivery().dedupWindow());
        Instant expiresAt = Instant.ofEpochSecond(token.getExpirationTime());
        Function<String, String> welcome = sessionCursor -> Frames.welcome(connection.id(), userId,
                List.copyOf(channels), config.heartbeat().interval().toSeconds(), expiresAt, sessionCursor);
        // held until the welcome is queued: it is the first frame, and its cursor covers every channel
        session.holdLive();
        if (cursor != null) {
            session.startAfter(cursor);
        }
        sessions.register(session);
        // registered first: every record after these positions reaches the session live
        Map<String, Position> liveStart = frontier.startOf(channels);
        if (cursorText == null) {
            session.goLiveFrom(liveStart, welcome);
        } else {
            session.sendWithCursor(welcome);
            resume(session, cursor, liveStart);
        }
        expiry.schedule(session, expiresAt);
        LOG.debugf("Session %s of %s joined %s", connection.id(), userId, channels);
    }

    @OnTextMessage
    public void message(WebSocketConnection connection, String text) {
        ClientSession session = sessions.get(connection.id());
        if (session == null) {
            return;
        }
        session.heard();
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
    public void binary(WebSocketConnection connection, Buffer data) {
        ClientSession session = sessions.get(connection.id());
        if (session != null) {
            session.heard();
            session.send(Frames.error(ErrorCode.UNSUPPORTED_FRAME, "binary frames are not supported"));
        }
    }

    @OnPongMessage
    public void pong(WebSocketConnection connection, Buffer data) {
        ClientSession session = sessions.get(connection.id());
        if (session != null) {
            session.heard();
        }
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        expiry.cancel(connection.id());
        sessions.unregister(connection.id());
    }

    /**
     * The session is registered and holding its live records: replays what it missed after its cursor (null:
     * invalid), then goes live. Not recovered: every channel restarts at its live start, which the
     * {@code resumed} frame's cursor carries.
     */
    private void resume(ClientSession session, Map<String, Position> cursor, Map<String, Position> liveStart) {
        Replay replay;
        try {
            replay = cursor == null ? Replay.notRecovered("invalid_cursor") : resumes.missedSince(session, cursor);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Resume of session %s failed", session.id());
            replay = Replay.notRecovered("unavailable");
        }
        Replay outcome = replay;
        if (outcome.recovered() && session.release(outcome.missed(), c -> Frames.resumed(outcome, c))) {
            return;
        }
        Replay notRecovered = outcome.recovered() ? Replay.notRecovered("too_far_behind") : outcome;
        session.goLiveFrom(liveStart, c -> Frames.resumed(notRecovered, c));
    }

    private void refresh(ClientSession session, JsonNode token) {
        if (!token.isTextual() || token.asText().isBlank()) {
            session.send(Frames.error(ErrorCode.INVALID_MESSAGE, "refresh needs a string \"token\""));
            return;
        }
        security.updateSecurityIdentity(token.asText()).whenComplete((updated, failure) -> {
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
        });
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

    private static Map<String, Position> decode(String cursor) {
        try {
            return CursorCodec.decode(cursor);
        } catch (InvalidCursorException e) {
            return null;
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

    static Set<String> channelsOf(String userId, Set<String> groups) {
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
