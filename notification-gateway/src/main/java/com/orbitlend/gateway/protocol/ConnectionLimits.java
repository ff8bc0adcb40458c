package com.orbitlend.gateway.protocol;

import com.orbitlend.gateway.config.GatewayConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open connections per user and per client address on this replica: one user or one address cannot take the
 * replica's sockets for itself. The address is the one Vert.x reports (the forwarded client address when
 * {@code quarkus.http.proxy.proxy-address-forwarding} trusts a proxy in front). Also the replica's one
 * {@link HandshakeGate}, shared by both endpoints ({@code /ws} and Socket.IO): their handshakes run on the same
 * event loops, so a storm through either is bounded by the same {@code limits.handshake-concurrency}.
 */
@ApplicationScoped
public class ConnectionLimits {

    private final Map<String, Integer> perUser = new ConcurrentHashMap<>();
    private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();

    @Inject
    GatewayConfig config;

    private HandshakeGate handshakes;

    @PostConstruct
    void init() {
        GatewayConfig.Limits limits = config.limits();
        handshakes = new HandshakeGate(limits.handshakeConcurrency(),
                Math.max(limits.handshakeConcurrency(), limits.pendingHandshakes()));
    }

    /** Handshakes running and waiting on this replica, both endpoints together. */
    public HandshakeGate handshakes() {
        return handshakes;
    }

    /** Counts a new connection; false (and nothing counted) if the user or the address is at its limit. */
    public boolean tryOpen(String userId, String address) {
        if (!increment(perUser, userId, config.limits().connectionsPerUser())) {
            return false;
        }
        if (!increment(perAddress, address, config.limits().connectionsPerAddress())) {
            decrement(perUser, userId);
            return false;
        }
        return true;
    }

    public void closed(String userId, String address) {
        decrement(perUser, userId);
        decrement(perAddress, address);
    }

    private static boolean increment(Map<String, Integer> counts, String key, int limit) {
        boolean[] admitted = {false};
        counts.compute(key, (k, count) -> {
            int current = count == null ? 0 : count;
            if (current >= limit) {
                return count;
            }
            admitted[0] = true;
            return current + 1;
        });
        return admitted[0];
    }

    private static void decrement(Map<String, Integer> counts, String key) {
        counts.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
    }
}
