package com.orbitlend.gateway.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.function.Function;

/**
 * Joins and leaves channels after connect (public channels by message). A subscription is live from the
 * moment it is made: the session is registered for the channel first, then the live frontier of the
 * channel's partition is read; every record from that offset on reaches the session (the fan-out dispatches
 * it after the registration), records before it are dropped, and the cursor starts just before it. So a
 * resume with that cursor replays exactly what was published after the subscription (no loss, no duplicate).
 */
@ApplicationScoped
public class Subscriptions {

    @Inject
    SessionRegistry sessions;

    @Inject
    LiveFrontier frontier;

    /**
     * Subscribes the session to {@code channel} and sends {@code ack} rendered with the cursor that covers it
     * (already in the channel: the current cursor). False, and nothing sent, when this replica does not read
     * the notifications partitions yet.
     */
    public boolean subscribe(ClientSession session, String channel, Function<String, String> ack) {
        if (!session.subscribing(channel)) {
            session.sendWithCursor(ack);
            return true;
        }
        sessions.join(session, channel);
        Position start = frontier.startOf(List.of(channel)).get(channel);
        if (start == null) {
            session.unsubscribe(channel, null);
            sessions.leave(session, channel);
            return false;
        }
        session.subscribed(channel, start, ack);
        return true;
    }

    /** Leaves {@code channel} (fine if the session is not in it) and sends {@code ack} with the new cursor. */
    public void unsubscribe(ClientSession session, String channel, Function<String, String> ack) {
        session.unsubscribe(channel, ack);
        sessions.leave(session, channel);
    }
}
