package com.orbitlend.kit.security;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Refuses to start in production (the normal launch mode) unless tokens are checked for their issuer
 * ({@code mp.jwt.verify.issuer}) and audience ({@code mp.jwt.verify.audiences}): without them a service would accept
 * any token its key ever signed, for any issuer and any audience. Dev and test profiles set both; there a missing
 * value is only logged.
 */
@ApplicationScoped
public class TokenVerificationSettings {

    public static final String ISSUER = "mp.jwt.verify.issuer";
    public static final String AUDIENCES = "mp.jwt.verify.audiences";

    private static final Logger LOG = Logger.getLogger(TokenVerificationSettings.class);

    void check(@Observes @Priority(1) StartupEvent event) {
        Config config = ConfigProvider.getConfig();
        Optional<String> problem = problem(config.getOptionalValue(ISSUER, String.class),
                config.getOptionalValues(AUDIENCES, String.class));
        if (problem.isEmpty()) {
            return;
        }
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            throw new IllegalStateException(problem.get());
        }
        LOG.warn(problem.get());
    }

    /** What is missing, as a message naming the settings and their environment variables; empty if nothing. */
    public static Optional<String> problem(Optional<String> issuer, Optional<List<String>> audiences) {
        List<String> missing = new ArrayList<>();
        if (issuer.map(String::isBlank).orElse(true)) {
            missing.add(ISSUER + " (MP_JWT_VERIFY_ISSUER)");
        }
        if (audiences.map(a -> a.stream().allMatch(String::isBlank)).orElse(true)) {
            missing.add(AUDIENCES + " (MP_JWT_VERIFY_AUDIENCES)");
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Token verification is not configured: set " + String.join(" and ", missing)
                + ". Without them any token signed by the key would be accepted whatever its issuer and audience;"
                + " this service refuses to start in production.");
    }
}
