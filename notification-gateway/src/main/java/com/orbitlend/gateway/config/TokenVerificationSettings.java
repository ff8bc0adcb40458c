package com.orbitlend.gateway.config;

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
 * ({@code mp.jwt.verify.issuer}) and audience ({@code mp.jwt.verify.audiences}): without them the gateway would
 * accept any token its key ever signed, for any issuer and audience. The domain services run the same check from
 * service-kit, which the gateway does not use; dev and test profiles set both, there a gap is only logged.
 */
@ApplicationScoped
public class TokenVerificationSettings {

    private static final Logger LOG = Logger.getLogger(TokenVerificationSettings.class);

    void check(@Observes @Priority(1) StartupEvent event) {
        Config config = ConfigProvider.getConfig();
        Optional<String> problem = problem(config.getOptionalValue("mp.jwt.verify.issuer", String.class),
                config.getOptionalValues("mp.jwt.verify.audiences", String.class));
        if (problem.isPresent() && LaunchMode.current() == LaunchMode.NORMAL) {
            throw new IllegalStateException(problem.get());
        }
        problem.ifPresent(LOG::warn);
    }

    static Optional<String> problem(Optional<String> issuer, Optional<List<String>> audiences) {
        List<String> missing = new ArrayList<>();
        if (issuer.map(String::isBlank).orElse(true)) {
            missing.add("mp.jwt.verify.issuer (MP_JWT_VERIFY_ISSUER)");
        }
        if (audiences.map(a -> a.stream().allMatch(String::isBlank)).orElse(true)) {
            missing.add("mp.jwt.verify.audiences (MP_JWT_VERIFY_AUDIENCES)");
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of("Token verification is not configured: set "
                + String.join(" and ", missing) + ". Without them any token signed by the key would be accepted "
                + "whatever its issuer and audience; this service refuses to start in production.");
    }
}
