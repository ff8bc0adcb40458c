package com.orbitlend.gateway.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a WebSocket upgrade carries its bearer token: the {@code Authorization} header (non-browser clients), or,
 * since browsers cannot set headers on a WebSocket, the {@code Sec-WebSocket-Protocol} list
 * {@code ["bearer-token-carrier", encodeURIComponent("quarkus-http-upgrade#Authorization#Bearer " + token)]} (the
 * convention websockets-next uses, kept so browser clients need no change). Never the query string, which ends up
 * in access logs.
 */
public final class BearerTokens {

    /** The subprotocol the server selects when a browser passes its token in the list. */
    public static final String CARRIER = "bearer-token-carrier";
    private static final String CARRIED_PREFIX = "quarkus-http-upgrade#Authorization#";
    private static final String BEARER = "Bearer ";

    private BearerTokens() {
    }

    /** The token of the upgrade, or null if it carries none. */
    public static String of(String authorization, String subprotocols) {
        String token = fromAuthorization(authorization);
        if (token != null || subprotocols == null) {
            return token;
        }
        for (String offered : subprotocols.split(",")) {
            String decoded;
            try {
                decoded = URLDecoder.decode(offered.trim(), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (decoded.regionMatches(true, 0, CARRIED_PREFIX, 0, CARRIED_PREFIX.length())) {
                token = fromAuthorization(decoded.substring(CARRIED_PREFIX.length()));
                if (token != null) {
                    return token;
                }
            }
        }
        return null;
    }

    private static String fromAuthorization(String value) {
        if (value == null || !value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = value.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }
}
