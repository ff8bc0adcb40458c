package com.orbitlend.kyc.auth.token;

import com.orbitlend.kyc.config.KycServiceConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Opaque refresh tokens (32 random bytes, base64url), stored only as SHA-256 hashes. Every refresh rotates the
 * token; presenting an already rotated token again means it was copied, so its whole family (the login session)
 * is revoked and the caller must log in again.
 */
@ApplicationScoped
@Transactional
public class RefreshTokens {

    private static final Logger LOG = Logger.getLogger(RefreshTokens.class);
    private static final int TOKEN_BYTES = 32;

    private final Duration ttl;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();

    RefreshTokens(KycServiceConfig config) {
        this.ttl = config.token().refreshTtl();
    }

    /** A refresh token value and its lifetime. */
    public record Issued(String value, Duration ttl) {
    }

    /** The account a rotated token belonged to, and its successor. */
    public record Rotated(UUID accountId, Issued next) {
    }

    /** The first token of a new family (a login). */
    public Issued issue(UUID accountId) {
        return issueInFamily(UUID.randomUUID(), accountId, now());
    }

    /**
     * Replaces a valid token by a new one of the same family. Unknown, expired or revoked tokens are refused;
     * a rotated one is refused and revokes its family, which must commit although the call fails.
     */
    @Transactional(dontRollbackOn = InvalidRefreshTokenException.class)
    public Rotated rotate(String value) {
        Instant now = now();
        RefreshToken token = RefreshToken.findForUpdate(hash(value)).orElseThrow(InvalidRefreshTokenException::new);
        if (token.rotatedAt != null && token.revokedAt == null) {
            int revoked = RefreshToken.revokeFamily(token.familyId, now);
            LOG.warnf("Rotated refresh token presented again: revoked its family %s (%d tokens) of account %s",
                    token.familyId, revoked, token.accountId);
            throw new InvalidRefreshTokenException();
        }
        if (!token.usableAt(now)) {
            throw new InvalidRefreshTokenException();
        }
        token.rotatedAt = now;
        return new Rotated(token.accountId, issueInFamily(token.familyId, token.accountId, now));
    }

    /** Ends the login session of {@code value}: revokes its whole family. Unknown tokens are ignored. */
    public void revoke(String value) {
        RefreshToken.<RefreshToken>find("tokenHash", hash(value)).firstResultOptional()
                .ifPresent(token -> RefreshToken.revokeFamily(token.familyId, now()));
    }

    @Scheduled(identity = "kyc-refresh-token-cleanup", every = "1h", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deleteExpired() {
        long deleted = RefreshToken.deleteExpiredBefore(now());
        if (deleted > 0) {
            LOG.debugf("Deleted %d expired refresh tokens", deleted);
        }
    }

    private Issued issueInFamily(UUID familyId, UUID accountId, Instant now) {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        RefreshToken.create(familyId, accountId, hash(value), now, now.plus(ttl)).persist();
        return new Issued(value, ttl);
    }

    static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
