package com.orbitlend.gateway.feed;

import com.orbitlend.gateway.protocol.NotificationSocket;
import com.orbitlend.kit.problem.ProblemException;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;

/**
 * Who asks, and the channels whose notifications are theirs: {@code user:<sub>} and {@code role:<group>} for each
 * {@code groups} entry of the token, the same channels a WebSocket session of that token holds. Public channels
 * are not anyone's own and are never listed.
 */
record Caller(String userId, List<String> channels) {

    static Caller of(JsonWebToken token) {
        try {
            return new Caller(token.getSubject(),
                    List.copyOf(NotificationSocket.channelsOf(token.getSubject(), token.getGroups())));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(403, "Forbidden", "The token's subject cannot name a notification channel.");
        }
    }
}
