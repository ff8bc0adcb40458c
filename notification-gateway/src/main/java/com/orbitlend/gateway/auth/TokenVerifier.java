package com.orbitlend.gateway.auth;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Verifies the bearer token of a WebSocket upgrade, a Socket.IO CONNECT or an in-session refresh with smallrye-jwt
 * (the application's keys, issuer, audience and expiry, exactly as a REST call), on threads of its own: one per
 * core, first come first served. A reconnect storm is thousands of RSA verifications; on the event loops they
 * would delay every delivery and every health probe, on Quarkus's worker pool they would queue ahead of the
 * blocking work of REST calls and health checks. The key may also have to be fetched from the issuer's JWKS.
 */
@ApplicationScoped
public class TokenVerifier {

    private static final Logger LOG = Logger.getLogger(TokenVerifier.class);
    /** What a client is told of any refused token: which check failed is for the server's log. */
    public static final String REFUSED = "invalid token (bad signature, wrong issuer or audience, expired or malformed)";

    private final JWTParser parser;
    private final ExecutorService verifiers;

    @Inject
    TokenVerifier(JWTParser parser) {
        this.parser = parser;
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = task -> {
            Thread thread = new Thread(task, "token-verifier-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.verifiers = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()), threads);
    }

    /**
     * Verifies {@code token} off the calling thread and hands {@code then}, on {@code loop}, the verified token, or
     * null and the reason to tell the client.
     */
    public void verify(String token, java.util.concurrent.Executor loop, BiConsumer<VerifiedToken, String> then) {
        verifiers.execute(() -> {
            VerifiedToken verified = null;
            String refusal = null;
            try {
                verified = verify(token);
            } catch (ParseException | RuntimeException e) {
                LOG.debugf("Token refused: %s", e.getMessage());
                refusal = REFUSED;
            }
            VerifiedToken result = verified;
            String why = refusal;
            loop.execute(() -> then.accept(result, why));
        });
    }

    /** Verifies {@code token} on the calling thread. */
    VerifiedToken verify(String token) throws ParseException {
        JsonWebToken jwt = parser.parse(token);
        if (jwt.getSubject() == null || jwt.getSubject().isBlank()) {
            throw new ParseException("token without a subject");
        }
        return new VerifiedToken(jwt.getSubject(), jwt.getGroups(), Instant.ofEpochSecond(jwt.getExpirationTime()));
    }

    void stop(@Observes ShutdownEvent event) {
        verifiers.shutdownNow();
    }
}
