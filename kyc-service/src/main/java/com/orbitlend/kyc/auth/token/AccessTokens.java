package com.orbitlend.kyc.auth.token;

import com.orbitlend.kyc.auth.account.Account;
import com.orbitlend.kyc.config.KycServiceConfig;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.Claims;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Issues RS256 access tokens: {@code iss}, {@code sub} = account id, {@code upn} and {@code preferred_username} =
 * username, {@code groups}, {@code iat}, {@code exp}, {@code jti}, with the JWKS key id in the {@code kid} header.
 */
@ApplicationScoped
public class AccessTokens {

    private final SigningKey key;
    private final String issuer;
    private final Duration ttl;
    private final Clock clock = Clock.systemUTC();

    AccessTokens(SigningKey key, KycServiceConfig config) {
        this.key = key;
        this.issuer = config.token().issuer();
        this.ttl = config.token().accessTtl();
    }

    public String issue(Account account) {
        Instant now = clock.instant();
        return Jwt.issuer(issuer)
                .subject(account.id.toString())
                .upn(account.username)
                .preferredUserName(account.username)
                .groups(account.groups())
                .issuedAt(now)
                .expiresAt(now.plus(ttl))
                .claim(Claims.jti, UUID.randomUUID().toString())
                .jws()
                .algorithm(SignatureAlgorithm.RS256)
                .keyId(key.keyId())
                .sign(key.privateKey());
    }

    /** Lifetime of an access token, as reported in {@code expiresIn}. */
    public Duration ttl() {
        return ttl;
    }
}
