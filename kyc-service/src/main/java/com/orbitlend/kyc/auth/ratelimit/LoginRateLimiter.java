package com.orbitlend.kyc.auth.ratelimit;

import com.orbitlend.kyc.config.KycServiceConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Limits failed logins per username and per client IP over a sliding window, in PostgreSQL so that all instances
 * share the counts. An attempt is first recorded as a failure ({@link #reserve}) under advisory locks on both
 * keys, so concurrent attempts on any instance cannot exceed the limit; a successful login then removes it and
 * resets the username's failures ({@link #succeeded}). Unknown usernames are counted like known ones, so a 429
 * reveals nothing about existence.
 */
@ApplicationScoped
@Transactional
public class LoginRateLimiter {

    private static final Logger LOG = Logger.getLogger(LoginRateLimiter.class);

    private final EntityManager em;
    private final KycServiceConfig.LoginLimit limits;
    private final Clock clock = Clock.systemUTC();

    LoginRateLimiter(EntityManager em, KycServiceConfig config) {
        this.em = em;
        this.limits = config.loginLimit();
    }

    /**
     * Records an attempt of {@code username} from {@code clientIp} as a failure until it succeeds.
     *
     * @return the id of the recorded attempt, for {@link #succeeded}
     * @throws TooManyLoginAttemptsException if the username or the IP reached its limit
     */
    public long reserve(String username, String clientIp) {
        lock("login-username:" + username);
        lock("login-ip:" + clientIp);
        Instant now = now();
        Optional<Duration> wait = max(
                retryAfter("username", username, limits.maxFailuresPerUsername(), now),
                retryAfter("client_ip", clientIp, limits.maxFailuresPerIp(), now));
        if (wait.isPresent()) {
            throw new TooManyLoginAttemptsException(wait.get());
        }
        return ((Number) em.createNativeQuery(
                "INSERT INTO login_failure (username, client_ip, failed_at) VALUES (:u, :ip, :now) RETURNING id")
                .setParameter("u", username)
                .setParameter("ip", clientIp)
                .setParameter("now", now)
                .getSingleResult()).longValue();
    }

    /** The attempt succeeded: it was no failure, and the username's earlier failures are forgiven. */
    public void succeeded(long attemptId, String username) {
        em.createNativeQuery("DELETE FROM login_failure WHERE id = :id OR username = :u")
                .setParameter("id", attemptId)
                .setParameter("u", username)
                .executeUpdate();
    }

    @Scheduled(identity = "kyc-login-failure-cleanup", every = "5m", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deleteExpired() {
        int deleted = em.createNativeQuery("DELETE FROM login_failure WHERE failed_at < :cutoff")
                .setParameter("cutoff", now().minus(limits.window()))
                .executeUpdate();
        if (deleted > 0) {
            LOG.debugf("Deleted %d login failures older than %s", deleted, limits.window());
        }
    }

    /**
     * How long until {@code key} has fewer than {@code max} failures in the window: until the max-th most
     * recent one leaves it. Empty if an attempt is allowed now.
     */
    private Optional<Duration> retryAfter(String column, String key, int max, Instant now) {
        @SuppressWarnings("unchecked")
        List<Object> found = em.createNativeQuery("SELECT failed_at FROM login_failure WHERE " + column
                + " = :key AND failed_at > :cutoff ORDER BY failed_at DESC OFFSET :skip LIMIT 1", Instant.class)
                .setParameter("key", key)
                .setParameter("cutoff", now.minus(limits.window()))
                .setParameter("skip", max - 1)
                .getResultList();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Duration wait = Duration.between(now, ((Instant) found.get(0)).plus(limits.window()));
        return Optional.of(wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait);
    }

    private void lock(String key) {
        em.createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(:key))) locked")
                .setParameter("key", key)
                .getSingleResult();
    }

    private static Optional<Duration> max(Optional<Duration> a, Optional<Duration> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isPresent() && b.get().compareTo(a.get()) > 0 ? b : a;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
