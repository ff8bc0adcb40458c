package com.orbitlend.gateway.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.function.Function;

/**
 * Joins and leaves channels after connect (public channels by message), on the session's event loop. A
 * subscription is live from the moment it is made: the session is registered for the channel in its loop's
 * shard, then the live frontier of the channel's partition is read; the fan-out's later tasks on that loop
 * deliver every record after it, records before it are dropped, and the cursor starts just before it. So a
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
        if (!session.channels().contains(channel)) {
            Position start = frontier.startOf(List.of(channel)).get(channel);
            if (start == null) {
                return false;
            }
            sessions.join(session, channel, start);
        }
        session.sendWithCursor(ack);
        return true;
    }

    /** Leaves {@code channel} (fine if the session is not in it) and sends {@code ack} with the new cursor. */
    public void unsubscribe(ClientSession session, String channel, Function<String, String> ack) {
        sessions.leave(session, channel);
        session.sendWithCursor(ack);
    }
}
