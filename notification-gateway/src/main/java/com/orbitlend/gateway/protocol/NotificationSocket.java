package com.orbitlend.gateway.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.notification.Channel;
import com.orbitlend.gateway.auth.BearerTokens;
import com.orbitlend.gateway.auth.TokenVerifier;
import com.orbitlend.gateway.auth.VerifiedToken;
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
import com.orbitlend.kit.problem.Problem;
import com.orbitlend.kit.problem.Problems;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The native JSON WebSocket endpoint at {@code /ws}, on Vert.x core rather than websockets-next: the upgrade needs a
 * valid bearer token (header, or the {@code bearer-token-carrier} subprotocol for browsers, see
 * {@link BearerTokens}), verified off the event loop by {@link TokenVerifier}; once upgraded, a connection keeps
 * its Vert.x WebSocket and its {@link ClientSession} (subject, channels, expiry) and nothing of the HTTP request or
 * of the token. The session receives the notifications of {@code user:<sub>} and {@code role:<group>} for each
 * group of its token, and of the public channels it subscribes to (or that its resume cursor carries).
 * docs/gateway-delivery.md ("The handshake") says why.
 */
@ApplicationScoped
public class NotificationSocket {

    private static final Logger LOG = Logger.getLogger(NotificationSocket.class);
    static final String PATH = "/ws";
    static final String GROUPS_CHANGED = "groups changed; reconnect to apply them";

    @Inject
    SessionRegistry sessions;

    @Inject
    GatewayConfig config;

    @Inject
    TokenVerifier tokens;

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

    void route(@Observes Router router) {
        router.route(HttpMethod.GET, PATH).handler(this::upgrade);
    }

    /**
     * On the connection's event loop: takes the token and pauses the request until its handshake's turn
     * ({@link HandshakeGate}), then verifies the token and upgrades. Refusals are problem+json: 426 without an
     * upgrade, 400 for an upgrade request with a body, 401 without a valid token, 503 (with {@code Retry-After})
     * before the replica reads the notifications topic (just started) and when {@code limits.pending-handshakes}
     * handshakes already run or wait.
     */
    void upgrade(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (!"websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
            refuse(context, 426, "this endpoint speaks WebSocket only: send an upgrade request");
            return;
        }
        String token = BearerTokens.of(request.getHeader(HttpHeaders.AUTHORIZATION),
                request.getHeader("Sec-WebSocket-Protocol"));
        if (token == null) {
            refuse(context, 401, "a bearer token is required (Authorization header, or the "
                    + BearerTokens.CARRIER + " subprotocol)");
            return;
        }
        if (hasBody(request)) {
            refuse(context, 400, "a WebSocket upgrade request has no body");
            return;
        }
        if (!frontier.reading()) {
            // just started: a session opened now could not be told where its live stream starts, and a resume
            // could only answer recovered:false (not_ready); the client keeps its cursor and comes back
            refuseForNow(context, CloseCodes.NOT_READING_YET);
            return;
        }
        Handshake handshake = new Handshake(context, token, Vertx.currentContext());
        request.pause();
        // the client may give up while its handshake waits for its turn or its token: then it is skipped
        context.response().closeHandler(ignored -> handshake.gone = true);
        if (!limits.handshakes().enter(handshake::start)) {
            refuseForNow(context, "too many connections being opened at once; retry after a pause");
        }
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null || (length != null && !"0".equals(length.trim()));
    }

    /**
     * One handshake past the {@link HandshakeGate}: verifies the token off the loop, then on the connection's loop
     * upgrades and opens the session. It leaves the gate exactly once, when the session is open, the client is
     * refused or gone, or {@code limits.handshake-timeout} has passed since it started (its connection is closed
     * then).
     */
    private final class Handshake {

        private final RoutingContext context;
        private final String token;
        private final Context loop;
        private final AtomicBoolean ended = new AtomicBoolean();
        /** The client closed its connection (set on the loop). */
        volatile boolean gone;
        private long timer = -1;

        Handshake(RoutingContext context, String token, Context loop) {
            this.context = context;
            this.token = token;
            this.loop = loop;
        }

        /** The gate's start, on whichever thread let it in: always continued on the connection's loop, as a task. */
        void start() {
            loop.runOnContext(ignored -> begin());
        }

        private void begin() {
            if (gone) {
                end();
                return;
            }
            timer = loop.owner().setTimer(config.limits().handshakeTimeout().toMillis(), id -> timedOut());
            try {
                tokens.verify(token, task -> loop.runOnContext(ignored -> task.run()), this::verified);
            } catch (RejectedExecutionException e) {
                // shutting down: the verifiers are gone
                end();
                refuseForNow(context, "shutting down; connect again");
            }
        }

        private void verified(VerifiedToken verified, String refusal) {
            if (ended.get()) {
                return; // timed out meanwhile; the connection is closed
            }
            if (gone) {
                end();
                return;
            }
            HttpServerRequest request = context.request();
            if (verified == null) {
                end();
                request.resume();
                refuse(context, 401, refusal);
                return;
            }
            try {
                request.toWebSocket().onComplete(upgraded -> {
                    if (upgraded.failed()) {
                        LOG.debugf(upgraded.cause(), "Upgrade of %s failed", request.remoteAddress());
                        end();
                    } else if (ended.get() || gone) {
                        upgraded.result().close();
                        end();
                    } else {
                        try {
                            open(upgraded.result(), verified);
                        } finally {
                            end();
                        }
                    }
                });
            } catch (RuntimeException e) {
                LOG.debugf(e, "Upgrade of %s failed", request.remoteAddress());
                end();
                request.connection().close();
            }
        }

        private void timedOut() {
            if (!ended.get()) {
                LOG.debugf("Handshake of %s took longer than %s; closing its connection",
                        context.request().remoteAddress(), config.limits().handshakeTimeout());
                end();
                context.request().connection().close();
            }
        }

        /** Leaves the gate, once whatever the path. */
        private void end() {
            if (ended.compareAndSet(false, true)) {
                if (timer >= 0) {
                    loop.owner().cancelTimer(timer);
                }
                limits.handshakes().leave();
            }
        }
    }

    /** 503 with {@code Retry-After: 1} to a paused upgrade request. */
    private static void refuseForNow(RoutingContext context, String detail) {
        context.request().resume();
        context.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
        refuse(context, 503, detail);
    }

    private static void refuse(RoutingContext context, int status, String detail) {
        Problem problem = Problems.of(status, detail).at(context.request().path());
        String body;
        try {
            body = EventJson.mapper().writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "";
        }
        if (status == 401) {
            context.response().putHeader("WWW-Authenticate", "Bearer");
        }
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE).end(body);
    }

    void open(ServerWebSocket webSocket, VerifiedToken token) {
        String id = UUID.randomUUID().toString();
        String userId = token.subject();
        ConnectionTransport transport = new ConnectionTransport(webSocket);
        Set<String> channels;
        try {
            channels = channelsOf(userId, token.groups());
        } catch (IllegalArgumentException e) {
            transport.close(CloseCodes.POLICY_VIOLATION, "unsupported subject");
            return;
        }
        String cursorText = queryParameter(webSocket.query(), "cursor");
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
        ClientSession session = new ClientSession(id, userId, channels, transport,
                new ClientSession.Limits(config.delivery().queueCapacity(), config.delivery().queueBytes()), address,
                new MessageRate(config.limits().messagesPerSecond(), config.limits().messageBurst(), System.nanoTime()));
        transport.onWritable(session::drain);
        webSocket.textMessageHandler(text -> message(session, text));
        webSocket.binaryMessageHandler(data -> binary(session));
        webSocket.pongHandler(data -> session.heard());
        webSocket.exceptionHandler(failure -> failed(session, failure));
        webSocket.closeHandler(ignored -> closed(session, transport));
        Instant expiresAt = token.expiresAt();
        Function<String, String> welcome = sessionCursor -> Frames.welcome(id, userId,
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
        LOG.debugf("Session %s of %s joined %s", id, userId, channels);
    }

    void message(ClientSession session, String text) {
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

    private void binary(ClientSession session) {
        session.heard();
        if (session.tryMessage()) {
            session.send(Frames.error(ErrorCode.UNSUPPORTED_FRAME, "binary frames are not supported"));
        }
    }

    /**
     * A failure on the connection: a fragmented message over the transport limit (Vert.x refuses to aggregate it)
     * closes with 1009, anything else with 1011; the client resumes with its cursor.
     */
    private static void failed(ClientSession session, Throwable failure) {
        LOG.debugf("Session %s: %s", session.id(), failure.getMessage());
        if (session.isClosed()) {
            return;
        }
        String message = String.valueOf(failure.getMessage());
        if (message.contains("max message size")) {
            session.close(CloseCodes.MESSAGE_TOO_BIG, "message too big");
        } else {
            session.close(CloseCodes.SEND_FAILED, "connection failed");
        }
    }

    private void closed(ClientSession session, ConnectionTransport transport) {
        metrics.closed(transport.closeCode());
        if (sessions.unregister(session.id()) != null) {
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
        if (outcome.recovered() && outcome.paged()) {
            metrics.resumed("recovered");
            session.catchUp(session.channels(), c -> Frames.resumed(outcome, c));
            resumes.continueCatchUp(session, outcome.missed());
            return;
        }
        if (outcome.recovered() && session.release(outcome.missed(), c -> Frames.resumed(outcome, c))) {
            metrics.resumed("recovered");
            return;
        }
        if (outcome.recovered()) {
            // the live frames held meanwhile filled the queue: replay it all in pages instead
            metrics.resumed("recovered");
            session.catchUp(session.channels(), c -> Frames.resumed(outcome, c));
            resumes.continueCatchUp(session, outcome.missed());
            return;
        }
        metrics.resumed(outcome.reason());
        session.goLiveFrom(liveStart, c -> Frames.resumed(outcome, c));
    }

    private void refresh(ClientSession session, JsonNode token) {
        if (!token.isTextual() || token.asText().isBlank()) {
            session.send(Frames.error(ErrorCode.INVALID_MESSAGE, "refresh needs a string \"token\""));
            return;
        }
        tokens.verify(token.asText(), session::execute, (verified, refusal) -> {
            if (session.isClosed()) {
                return;
            }
            if (verified == null || !session.userId().equals(verified.subject())) {
                LOG.debugf("Refresh refused for session %s: %s", session.id(), refusal);
                session.send(Frames.error(ErrorCode.INVALID_TOKEN, "token refused; the current one stays in force"));
                return;
            }
            if (!roleChannels(session.channels()).equals(roleChannels(channelsOf(verified.subject(), verified.groups())))) {
                // a session's role channels are chosen at connect (I3); new groups apply to a new session
                session.send(Frames.error(ErrorCode.INVALID_TOKEN, GROUPS_CHANGED));
                return;
            }
            expiry.schedule(session, verified.expiresAt());
            session.send(Frames.refreshed(verified.expiresAt()));
        });
    }

    private static Set<String> roleChannels(Set<String> channels) {
        Set<String> roles = new java.util.TreeSet<>(channels);
        roles.removeIf(channel -> !channel.startsWith(Channel.Kind.ROLE.prefix() + ":"));
        return roles;
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
