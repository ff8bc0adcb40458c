package com.orbitlend.gateway.socketio;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * Verifies a token from a CONNECT packet or a {@code refresh} event exactly as the native endpoint's upgrade does
 * (smallrye-jwt with the application's key, issuer and expiry), off the event loop (the key may have to be
 * fetched from the issuer's JWKS).
 */
@ApplicationScoped
class SocketIoTokens {

    private static final Logger LOG = Logger.getLogger(SocketIoTokens.class);

    @Inject
    JWTParser parser;

    /** Hands the verified token, or null and why not, to {@code then} on {@code loop}. */
    void verify(String token, Executor loop, BiConsumer<JsonWebToken, String> then) {
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            JsonWebToken jwt = null;
            String refusal = null;
            try {
                jwt = parser.parse(token);
            } catch (ParseException | RuntimeException e) {
                LOG.debugf("Token refused: %s", e.getMessage());
                refusal = "invalid token (bad signature, wrong issuer, expired or malformed)";
            }
            JsonWebToken verified = jwt;
            String why = refusal;
            loop.execute(() -> then.accept(verified, why));
        });
    }
}
