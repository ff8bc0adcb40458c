package com.orbitlend.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.events.notification.Channel;
import com.orbitlend.gateway.config.GatewayConfig;
import com.orbitlend.gateway.delivery.ClientSession;
import com.orbitlend.gateway.delivery.Subscriptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The {@code subscribe} and {@code unsubscribe} messages. A session may join the public channels of the
 * configuration; its own {@code user:} and {@code role:} channels are joined at connect (subscribing to them
 * is a no-op). Anything else is refused with an error frame and nothing of it is ever delivered (I3).
 */
@ApplicationScoped
public class SubscriptionMessages {

    @Inject
    GatewayConfig config;

    @Inject
    Subscriptions subscriptions;

    void subscribe(ClientSession session, JsonNode message) {
        Channel channel = channel(session, message);
        if (channel == null) {
            return;
        }
        String name = channel.toString();
        if (channel.kind() != Channel.Kind.PUBLIC) {
            if (session.channels().contains(name)) {
                session.sendWithCursor(cursor -> Frames.subscribed(name, cursor));
            } else {
                session.send(Frames.error(ErrorCode.FORBIDDEN_CHANNEL, "not entitled to " + name, name));
            }
            return;
        }
        if (!isPublic(name)) {
            session.send(Frames.error(ErrorCode.UNKNOWN_CHANNEL, "no such public channel", name));
            return;
        }
        if (!subscriptions.subscribe(session, name, cursor -> Frames.subscribed(name, cursor))) {
            session.send(Frames.error(ErrorCode.NOT_READY, "not reading notifications yet; try again", name));
        }
    }

    void unsubscribe(ClientSession session, JsonNode message) {
        Channel channel = channel(session, message);
        if (channel == null) {
            return;
        }
        String name = channel.toString();
        if (channel.kind() != Channel.Kind.PUBLIC) {
            session.send(Frames.error(ErrorCode.FORBIDDEN_CHANNEL, "only public channels can be left", name));
        } else if (!isPublic(name)) {
            session.send(Frames.error(ErrorCode.UNKNOWN_CHANNEL, "no such public channel", name));
        } else {
            subscriptions.unsubscribe(session, name, cursor -> Frames.unsubscribed(name, cursor));
        }
    }

    /** Whether {@code channel} is a configured public channel (in its canonical {@code public:<name>} form). */
    public boolean isPublic(String channel) {
        return channel.startsWith(Channel.Kind.PUBLIC.prefix() + ":")
                && config.publicChannels().contains(channel.substring(Channel.Kind.PUBLIC.prefix().length() + 1));
    }

    /** The public channels of a resume cursor: a session is entitled to them by their being public. */
    public Set<String> publicChannelsOf(Map<String, ?> cursor) {
        return cursor.keySet().stream().filter(this::isPublic).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Channel channel(ClientSession session, JsonNode message) {
        JsonNode value = message.path("channel");
        if (!value.isTextual()) {
            session.send(Frames.error(ErrorCode.INVALID_MESSAGE, "needs a string \"channel\""));
            return null;
        }
        try {
            return Channel.parse(value.asText());
        } catch (IllegalArgumentException e) {
            // echoed (bounded by the client message size limit) so the client can tell which request failed
            session.send(Frames.error(ErrorCode.INVALID_CHANNEL, "channels are user:, role: or public:<name>",
                    value.asText()));
            return null;
        }
    }
}
