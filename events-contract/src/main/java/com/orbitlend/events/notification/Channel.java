package com.orbitlend.events.notification;

import java.util.regex.Pattern;

/**
 * An audience channel: {@code user:<sub>} (one user's own), {@code role:<group>} (everyone in a role) or
 * {@code public:<name>} (anyone who subscribes). The notifications topic is keyed by {@link #toString()}, so
 * every notification of one channel lands in one partition and the partition's offsets order the channel.
 */
public record Channel(Kind kind, String name) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@|+\\-]{1,200}");

    public enum Kind {
        USER("user"), ROLE("role"), PUBLIC("public");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    public Channel {
        if (kind == null) {
            throw new IllegalArgumentException("channel kind is required");
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid channel name '" + name + "'");
        }
    }

    public static Channel user(String subject) {
        return new Channel(Kind.USER, subject);
    }

    public static Channel role(String group) {
        return new Channel(Kind.ROLE, group);
    }

    public static Channel publicChannel(String name) {
        return new Channel(Kind.PUBLIC, name);
    }

    /** Parses {@code kind:name}; throws {@link IllegalArgumentException} for anything else. */
    public static Channel parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("channel is required");
        }
        int colon = value.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("channel must be kind:name, got '" + value + "'");
        }
        String prefix = value.substring(0, colon);
        for (Kind kind : Kind.values()) {
            if (kind.prefix.equals(prefix)) {
                return new Channel(kind, value.substring(colon + 1));
            }
        }
        throw new IllegalArgumentException("unknown channel kind '" + prefix + "'");
    }

    @Override
    public String toString() {
        return kind.prefix + ":" + name;
    }
}
