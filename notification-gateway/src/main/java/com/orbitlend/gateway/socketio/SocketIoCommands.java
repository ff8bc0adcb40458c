package com.orbitlend.gateway.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.notification.Channel;
import com.orbitlend.gateway.auth.TokenVerifier;
import com.orbitlend.gateway.delivery.ClientSession;
import com.orbitlend.gateway.delivery.Subscriptions;
import com.orbitlend.gateway.protocol.NotificationSocket;
import com.orbitlend.gateway.protocol.SubscriptionMessages;
import com.orbitlend.gateway.protocol.TokenExpiry;
import com.orbitlend.gateway.socketio.SocketIoCodec.Packet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * The events a Socket.IO client may emit, each answered through its acknowledgement callback when it passed one
 * ({@code {ok:true,…}} or {@code {ok:false,code,message}}; the codes are the native protocol's), else, for
 * errors only, with a {@code gateway:error} event:
 * <ul>
 * <li>{@code subscribe} / {@code unsubscribe} with a channel name (or {@code {channel}}): public channels, with the
 * native protocol's entitlement rules;</li>
 * <li>{@code refresh} with a token (or {@code {token}}): same subject and groups, moves the socket's expiry.</li>
 * </ul>
 */
@ApplicationScoped
class SocketIoCommands {

    @Inject
    Subscriptions subscriptions;

    @Inject
    SubscriptionMessages publicChannels;

    @Inject
    TokenExpiry expiry;

    @Inject
    TokenVerifier tokens;

    /** On the socket's loop. */
    void event(EngineSocket socket, Packet packet) {
        String name = packet.data().get(0).asText();
        JsonNode argument = packet.data().size() > 1 ? packet.data().get(1) : null;
        switch (name) {
            case "subscribe" -> subscribe(socket, packet.ackId(), argument);
            case "unsubscribe" -> unsubscribe(socket, packet.ackId(), argument);
            case "refresh" -> refresh(socket, packet.ackId(), argument);
            default -> error(socket, packet.ackId(), "unknown_event",
                    "unknown event; supported: subscribe, unsubscribe, refresh");
        }
    }

    /** Answers {@code ackId} with an error, or without one emits it as {@code gateway:error}. */
    void error(EngineSocket socket, Long ackId, String code, String message) {
        ObjectNode error = EventJson.mapper().createObjectNode();
        error.put("ok", false);
        error.put("code", code);
        error.put("message", message);
        send(socket, ackId == null ? SocketIoCodec.event(SocketIoEvents.ERROR, error) : SocketIoCodec.ack(ackId, error));
    }

    private void subscribe(EngineSocket socket, Long ackId, JsonNode argument) {
        ClientSession session = socket.session;
        Channel channel = channel(socket, ackId, argument);
        if (channel == null) {
            return;
        }
        String name = channel.toString();
        if (channel.kind() != Channel.Kind.PUBLIC) {
            if (session.channels().contains(name)) {
                ok(socket, ackId, "channel", name);
            } else {
                error(socket, ackId, "forbidden_channel", "not entitled to " + name);
            }
            return;
        }
        if (!publicChannels.isPublic(name)) {
            error(socket, ackId, "unknown_channel", "no such public channel: " + name);
            return;
        }
        if (!session.channels().contains(name)) {
            // the pid no longer names the socket's channels
            socket.transport.unrecoverable();
        }
        if (!subscriptions.subscribe(session, name, cursor -> ack(ackId, okNode("channel", name)))) {
            error(socket, ackId, "not_ready", "not reading notifications yet; try again");
        }
    }

    private void unsubscribe(EngineSocket socket, Long ackId, JsonNode argument) {
        ClientSession session = socket.session;
        Channel channel = channel(socket, ackId, argument);
        if (channel == null) {
            return;
        }
        String name = channel.toString();
        if (channel.kind() != Channel.Kind.PUBLIC) {
            error(socket, ackId, "forbidden_channel", "only public channels can be left");
        } else if (!publicChannels.isPublic(name)) {
            error(socket, ackId, "unknown_channel", "no such public channel: " + name);
        } else {
            if (session.channels().contains(name)) {
                socket.transport.unrecoverable();
            }
            subscriptions.unsubscribe(session, name, cursor -> ack(ackId, okNode("channel", name)));
        }
    }

    private void refresh(EngineSocket socket, Long ackId, JsonNode argument) {
        JsonNode token = argument != null && argument.isObject() ? argument.get("token") : argument;
        if (token == null || !token.isTextual() || token.asText().isBlank()) {
            error(socket, ackId, "invalid_message", "refresh needs a token (or {token})");
            return;
        }
        ClientSession session = socket.session;
        tokens.verify(token.asText(), socket.transport.loop(), (jwt, refusal) -> {
            if (session.isClosed()) {
                return;
            }
            if (jwt == null || !session.userId().equals(jwt.subject())) {
                error(socket, ackId, "invalid_token", "token refused; the current one stays in force");
            } else if (!roles(session.channels()).equals(roles(NotificationSocket.channelsOf(jwt.subject(),
                    jwt.groups())))) {
                error(socket, ackId, "invalid_token", "groups changed; reconnect to apply them");
            } else {
                Instant expiresAt = jwt.expiresAt();
                expiry.schedule(session, expiresAt);
                ok(socket, ackId, "expiresAt", expiresAt.toString());
            }
        });
    }

    private Channel channel(EngineSocket socket, Long ackId, JsonNode argument) {
        JsonNode value = argument != null && argument.isObject() ? argument.get("channel") : argument;
        if (value == null || !value.isTextual()) {
            error(socket, ackId, "invalid_message", "needs a channel name (or {channel})");
            return null;
        }
        try {
            return Channel.parse(value.asText());
        } catch (IllegalArgumentException e) {
            error(socket, ackId, "invalid_channel", "channels are user:, role: or public:<name>");
            return null;
        }
    }

    private static Set<String> roles(Set<String> channels) {
        Set<String> roles = new TreeSet<>(channels);
        roles.removeIf(channel -> !channel.startsWith(Channel.Kind.ROLE.prefix() + ":"));
        return roles;
    }

    private void ok(EngineSocket socket, Long ackId, String field, String value) {
        if (ackId != null) {
            send(socket, ack(ackId, okNode(field, value)));
        }
    }

    /** The acknowledgement, or for an event sent without one an Engine.IO noop (the client ignores it). */
    private static String ack(Long ackId, JsonNode answer) {
        return ackId == null ? String.valueOf(SocketIoCodec.NOOP) : SocketIoCodec.ack(ackId, answer);
    }

    private static ObjectNode okNode(String field, String value) {
        ObjectNode ok = EventJson.mapper().createObjectNode();
        ok.put("ok", true);
        ok.put(field, value);
        return ok;
    }

    private static void send(EngineSocket socket, String packet) {
        if (socket.session != null) {
            socket.session.send(packet);
        } else {
            socket.transport.send(packet);
        }
    }
}
