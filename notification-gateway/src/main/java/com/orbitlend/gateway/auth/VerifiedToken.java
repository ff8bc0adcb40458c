package com.orbitlend.gateway.auth;

import java.time.Instant;
import java.util.Set;

/**
 * What a session keeps of its bearer token once verified: the subject, the groups (its role channels) and the
 * expiry. Not the token, not its claims: a connection's memory must not carry them for its whole life.
 */
public record VerifiedToken(String subject, Set<String> groups, Instant expiresAt) {

    public VerifiedToken {
        groups = groups == null ? Set.of() : Set.copyOf(groups);
    }
}
