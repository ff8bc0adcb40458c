package com.orbitlend.kyc.auth.token;

import com.orbitlend.kyc.auth.account.Account;
import com.orbitlend.kyc.config.KycServiceConfig;
import io.quarkus.runtime.Startup;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.Claims;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Issues RS256 access tokens: {@code iss}, {@code aud}, {@code sub} = account id, {@code upn} and
 * {@code preferred_username} = username, {@code groups}, {@code iat}, {@code exp}, {@code jti}, with the signing
 * key's id in the {@code kid} header. Created at startup, so a missing issuer or audience stops the service at once.
 */
@Startup
@ApplicationScoped
public class AccessTokens {

    private final SigningKeys keys;
    private final String issuer;
    private final Set<String> audience;
    private final Duration ttl;
    private final Clock clock = Clock.systemUTC();

    AccessTokens(SigningKeys keys, KycServiceConfig config) {
        this.keys = keys;
        this.issuer = config.token().issuer().filter(s -> !s.isBlank()).orElseThrow(() -> new IllegalStateException(
                "No token issuer: set mp.jwt.verify.issuer (MP_JWT_VERIFY_ISSUER) or orbitlend.kyc.token.issuer"));
        this.audience = new LinkedHashSet<>(config.token().audience().orElse(List.of()).stream()
                .filter(s -> !s.isBlank()).toList());
        if (audience.isEmpty()) {
            throw new IllegalStateException("No token audience: set mp.jwt.verify.audiences (MP_JWT_VERIFY_AUDIENCES) "
                    + "or orbitlend.kyc.token.audience");
        }
        this.ttl = config.token().accessTtl();
    }

    public String issue(Account account) {
        Instant now = clock.instant();
        return Jwt.issuer(issuer)
                .audience(audience)
                .subject(account.id.toString())
                .upn(account.username)
                .preferredUserName(account.username)
                .groups(account.groups())
                .issuedAt(now)
                .expiresAt(now.plus(ttl))
                .claim(Claims.jti, UUID.randomUUID().toString())
                .jws()
                .algorithm(SignatureAlgorithm.RS256)
                .keyId(keys.keyId())
                .sign(keys.privateKey());
    }

    /** Lifetime of an access token, as reported in {@code expiresIn}. */
    public Duration ttl() {
        return ttl;
    }
}
