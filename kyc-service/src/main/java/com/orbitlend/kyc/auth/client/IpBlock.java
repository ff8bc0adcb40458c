package com.orbitlend.kyc.auth.client;

import java.net.InetAddress;
import java.util.Optional;
import java.util.regex.Pattern;

/** An address or CIDR block ({@code 10.0.0.0/8}, {@code fd00::/8}, {@code 127.0.0.1}) of trusted proxies. */
public record IpBlock(byte[] network, int prefix) {

    private static final Pattern IPV4 = Pattern.compile("^(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$");

    /** Parses {@code address[/prefix]}; an invalid one is a configuration error. */
    public static IpBlock parse(String text) {
        String value = text.strip();
        int slash = value.indexOf('/');
        InetAddress address = literal(slash < 0 ? value : value.substring(0, slash))
                .orElseThrow(() -> new IllegalArgumentException("not an IP address or CIDR block: " + text));
        int bits = address.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(value.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IP address or CIDR block: " + text);
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("prefix out of range in " + text);
            }
        }
        return new IpBlock(address.getAddress(), prefix);
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (bytes[full] & mask) == (network[full] & mask);
    }

    /**
     * An IP literal, never a host name (no DNS look-up): IPv4 dotted quad or IPv6 (IPv4-mapped IPv6 becomes IPv4);
     * empty for anything else.
     */
    public static Optional<InetAddress> literal(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.strip();
        if (value.length() > 45 || !(IPV4.matcher(value).matches() || IPV6.matcher(value).matches())) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(value));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
