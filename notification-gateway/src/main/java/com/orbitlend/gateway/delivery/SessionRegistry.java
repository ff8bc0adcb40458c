package com.orbitlend.gateway.delivery;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The sessions connected to this replica, indexed by channel. Other replicas serve their own. */
@ApplicationScoped
public class SessionRegistry {

    private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, Set<ClientSession>> byChannel = new ConcurrentHashMap<>();

    public void register(ClientSession session) {
        sessions.put(session.id(), session);
        for (String channel : session.channels()) {
            add(channel, session);
        }
    }

    /** Adds a channel of a registered session (see {@link Subscriptions}). */
    public void join(ClientSession session, String channel) {
        add(channel, session);
        if (session.isClosed()) {
            // closed while subscribing: unregister may already have run without this channel
            leave(session, channel);
        }
    }

    public void leave(ClientSession session, String channel) {
        byChannel.computeIfPresent(channel, (c, members) -> {
            members.remove(session);
            return members.isEmpty() ? null : members;
        });
    }

    public void unregister(String sessionId) {
        ClientSession session = sessions.remove(sessionId);
        if (session == null) {
            return;
        }
        session.closed();
        for (String channel : session.channels()) {
            leave(session, channel);
        }
    }

    private void add(String channel, ClientSession session) {
        byChannel.compute(channel, (c, members) -> {
            Set<ClientSession> set = members == null ? ConcurrentHashMap.newKeySet() : members;
            set.add(session);
            return set;
        });
    }

    /** Hands a record of the notifications topic to every local session of its channel. */
    public void dispatch(Delivered delivered) {
        Set<ClientSession> members = byChannel.get(delivered.channel());
        if (members != null) {
            members.forEach(session -> session.deliver(delivered));
        }
    }

    public ClientSession get(String sessionId) {
        return sessions.get(sessionId);
    }

    public Collection<ClientSession> all() {
        return List.copyOf(sessions.values());
    }

    public int size() {
        return sessions.size();
    }
}
