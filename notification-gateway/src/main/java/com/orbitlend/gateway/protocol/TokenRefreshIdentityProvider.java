package com.orbitlend.gateway.protocol;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.websockets.next.runtime.spi.security.WebSocketIdentityUpdateRequest;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Objects;
import java.util.Set;

/**
 * Verifies the token of an in-session {@code refresh} exactly as at the upgrade (key, issuer, expiry) and
 * accepts it only for the session's own subject and groups (I6, I3: a session's role channels never change).
 */
@ApplicationScoped
public class TokenRefreshIdentityProvider implements IdentityProvider<WebSocketIdentityUpdateRequest> {

    @Inject
    JWTParser parser;

    @Override
    public Class<WebSocketIdentityUpdateRequest> getRequestType() {
        return WebSocketIdentityUpdateRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(WebSocketIdentityUpdateRequest request,
            AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            JsonWebToken token;
            try {
                token = parser.parse(request.getCredential().getToken());
            } catch (ParseException e) {
                throw new AuthenticationFailedException("refresh token refused", e);
            }
            if (!(request.getCurrentSecurityIdentity().getPrincipal() instanceof JsonWebToken current)
                    || !Objects.equals(current.getSubject(), token.getSubject())) {
                throw new AuthenticationFailedException("refresh token of another subject");
            }
            if (!Objects.equals(groups(current), groups(token))) {
                // the session's role channels were chosen at connect; new ones apply only to a new session
                throw new AuthenticationFailedException(GroupsChanged.MESSAGE, new GroupsChanged());
            }
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(token)
                    .addCredential(request.getCredential())
                    .addRoles(token.getGroups())
                    .build();
        });
    }

    private static Set<String> groups(JsonWebToken token) {
        return token.getGroups() == null ? Set.of() : Set.copyOf(token.getGroups());
    }

    /** Cause of refusing a refresh token whose {@code groups} differ from the session's. */
    static final class GroupsChanged extends RuntimeException {

        static final String MESSAGE = "groups changed; reconnect to apply them";

        GroupsChanged() {
            super(MESSAGE, null, false, false);
        }
    }
}
