package com.orbitlend.kyc.auth.client;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client address behind proxies, and its throttling group. No Quarkus: the resolution alone. */
class ClientAddressesTest {

    private final ClientAddresses behindProxies = new ClientAddresses(
            List.of(IpBlock.parse("10.0.0.0/8"), IpBlock.parse("fd00::/8"), IpBlock.parse("192.0.2.7")));
    private final ClientAddresses direct = new ClientAddresses(List.of());

    @Test
    void anUntrustedPeerIsTheClientWhateverItForwards() throws Exception {
        assertThat(direct.resolve(ip("203.0.113.9"), List.of("198.51.100.1"))).isEqualTo(ip("203.0.113.9"));
        assertThat(behindProxies.resolve(ip("203.0.113.9"), List.of("198.51.100.1"))).isEqualTo(ip("203.0.113.9"));
    }

    @Test
    void behindTrustedProxiesTheRightMostUntrustedEntryIsTheClient() throws Exception {
        // the client wrote "6.6.6.6"; the first proxy appended the real client, the second proxy the first one
        assertThat(behindProxies.resolve(ip("10.1.1.1"), List.of("6.6.6.6, 198.51.100.23, 10.2.2.2")))
                .isEqualTo(ip("198.51.100.23"));
        assertThat(behindProxies.resolve(ip("192.0.2.7"), List.of("6.6.6.6", "198.51.100.23:4711")))
                .isEqualTo(ip("198.51.100.23"));
        assertThat(behindProxies.resolve(ip("10.1.1.1"), List.of("[2001:db8::5]:443"))).isEqualTo(ip("2001:db8::5"));
        assertThat(behindProxies.resolve(ip("fd00::1"), List.of("::ffff:198.51.100.4"))).isEqualTo(ip("198.51.100.4"));
    }

    @Test
    void withoutAReadableEntryTheNearestProxyCounts() throws Exception {
        assertThat(behindProxies.resolve(ip("10.1.1.1"), List.of())).isEqualTo(ip("10.1.1.1"));
        assertThat(behindProxies.resolve(ip("10.1.1.1"), List.of("198.51.100.1, evil.example"))).isEqualTo(ip("10.1.1.1"));
        assertThat(behindProxies.resolve(ip("10.1.1.1"), List.of("unknown"))).isEqualTo(ip("10.1.1.1"));
    }

    @Test
    void ipv6IsGroupedBySlash64AndIpv4ByAddress() throws Exception {
        assertThat(ClientAddresses.group(ip("2001:db8:1:2:aaaa::1")))
                .isEqualTo(ClientAddresses.group(ip("2001:db8:1:2:ffff:1:2:3")))
                .isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(ClientAddresses.group(ip("2001:db8:1:3::1"))).isNotEqualTo(ClientAddresses.group(ip("2001:db8:1:2::1")));
        assertThat(ClientAddresses.group(ip("198.51.100.7"))).isEqualTo("198.51.100.7");
    }

    @Test
    void onlyLiteralsAreAddressesAndBadProxySettingsFailLoudly() {
        assertThat(IpBlock.literal("localhost")).isEmpty(); // never a DNS look-up
        assertThat(IpBlock.literal("999.1.1.1")).isEmpty();
        assertThat(IpBlock.literal("1.2.3.4\u0000")).isEmpty();
        assertThat(IpBlock.parse("10.0.0.0/8").contains(IpBlock.literal("10.255.0.1").orElseThrow())).isTrue();
        assertThat(IpBlock.parse("10.0.0.0/8").contains(IpBlock.literal("11.0.0.1").orElseThrow())).isFalse();
        assertThatThrownBy(() -> IpBlock.parse("proxy.example")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IpBlock.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }
}
