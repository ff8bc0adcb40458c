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

/**
 * Verifies the token of an in-session {@code refresh} exactly as at the upgrade (key, issuer, expiry) and
 * accepts it only for the session's own subject (I6).
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
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(token)
                    .addCredential(request.getCredential())
                    .addRoles(token.getGroups())
                    .build();
        });
    }
}
