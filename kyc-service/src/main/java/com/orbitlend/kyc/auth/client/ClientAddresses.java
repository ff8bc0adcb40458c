package com.orbitlend.kyc.auth.client;

import com.orbitlend.kyc.config.KycServiceConfig;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The client address that login and registration throttling count by. It is the TCP peer, unless the peer is a
 * configured trusted proxy: then {@code X-Forwarded-For} is read from the right (the entry the nearest proxy
 * appended) past every trusted proxy, and the first other address is the client. Entries left of it were written
 * by the client and are never believed. An address is grouped as the throttles count it: an IPv4 address as such,
 * an IPv6 address by its /64 (one subscriber usually holds a whole /64).
 */
@ApplicationScoped
public class ClientAddresses {

    private final List<IpBlock> trustedProxies;

    @Inject
    ClientAddresses(KycServiceConfig config) {
        this(config.clientAddress().trustedProxies().orElse(List.of()).stream()
                .filter(s -> !s.isBlank()).map(IpBlock::parse).toList());
    }

    ClientAddresses(List<IpBlock> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    /** The throttling key of the request's client ({@link #group}). */
    public String of(HttpServerRequest request) {
        // the connection's peer: Quarkus's own forwarding support, if someone enabled it, must not decide here
        SocketAddress peer = request.connection() == null ? null : request.connection().remoteAddress();
        Optional<InetAddress> peerAddress = peer == null ? Optional.empty() : IpBlock.literal(peer.hostAddress());
        return peerAddress.map(p -> group(resolve(p, request.headers().getAll("X-Forwarded-For"))))
                .orElse("unknown");
    }

    /** The client behind {@code peer}, given the {@code X-Forwarded-For} header lines in order. */
    InetAddress resolve(InetAddress peer, List<String> forwardedFor) {
        InetAddress hop = peer;
        if (!trusted(hop)) {
            return hop;
        }
        List<String> entries = forwardedFor.stream().flatMap(line -> List.of(line.split(",")).stream()).toList();
        for (int i = entries.size() - 1; i >= 0; i--) {
            Optional<InetAddress> next = IpBlock.literal(withoutPort(entries.get(i)));
            if (next.isEmpty()) {
                return hop; // a proxy wrote something unreadable: count the request as coming from that proxy
            }
            hop = next.get();
            if (!trusted(hop)) {
                return hop;
            }
        }
        return hop;
    }

    /** {@code 203.0.113.7} for IPv4; {@code 2001:db8:1:2:0:0:0:0/64} for any address of that IPv6 /64. */
    public static String group(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            out.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
        }
        return out.append("0:0:0:0/64").toString();
    }

    private boolean trusted(InetAddress address) {
        return trustedProxies.stream().anyMatch(block -> block.contains(address));
    }

    /** {@code 1.2.3.4:80} -> {@code 1.2.3.4}, {@code [2001:db8::1]:443} -> {@code 2001:db8::1}. */
    static String withoutPort(String entry) {
        String value = entry.strip();
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            return end < 0 ? value : value.substring(1, end);
        }
        int colon = value.indexOf(':');
        if (colon > 0 && colon == value.lastIndexOf(':')) {
            return value.substring(0, colon);
        }
        return value;
    }
}
