package com.orbitlend.kyc.auth.ratelimit;

import com.orbitlend.kyc.config.KycServiceConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Limits failed logins over a sliding window, in PostgreSQL so that all instances share the counts: per username
 * and client IP (the tight limit, so failures from one address never lock the account's owner out elsewhere), per
 * client IP, and per username across all IPs (a high backstop against guessing spread over many addresses). An
 * attempt is first recorded as a failure ({@link #reserve}) under advisory locks on the username and the IP, so
 * concurrent attempts on any instance cannot exceed a limit; a successful login then removes it and forgives the
 * username's failures from that IP ({@link #succeeded}), but not those from elsewhere, which still count towards
 * the backstop. Unknown usernames are counted like known ones, so a 429 reveals nothing about existence.
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
     * @throws TooManyLoginAttemptsException if the username from this IP, the IP, or the username from all IPs
     *         reached its limit
     */
    public long reserve(String username, String clientIp) {
        lock("login-username:" + username); // also serialises the (username, IP) pair
        lock("login-ip:" + clientIp);
        Instant now = now();
        Optional<Duration> wait = Stream.of(
                retryAfter("username = :u AND client_ip = :ip", username, clientIp,
                        limits.maxFailuresPerUsernameAndIp(), now),
                retryAfter("client_ip = :ip", null, clientIp, limits.maxFailuresPerIp(), now),
                retryAfter("username = :u", username, null, limits.maxFailuresPerUsernameAllIps(), now))
                .flatMap(Optional::stream)
                .max(Comparator.naturalOrder());
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

    /**
     * The attempt succeeded: it was no failure, and the username's earlier failures from this IP are forgiven.
     * Failures from other IPs stay, or a user logging in now and then would reset a distributed guessing attack.
     */
    public void succeeded(long attemptId, String username, String clientIp) {
        em.createNativeQuery("DELETE FROM login_failure WHERE id = :id OR (username = :u AND client_ip = :ip)")
                .setParameter("id", attemptId)
                .setParameter("u", username)
                .setParameter("ip", clientIp)
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
     * How long until the failures matching {@code condition} are fewer than {@code max} in the window: until the
     * max-th most recent one leaves it. Empty if an attempt is allowed now.
     */
    private Optional<Duration> retryAfter(String condition, String username, String clientIp, int max, Instant now) {
        Query query = em.createNativeQuery("SELECT failed_at FROM login_failure WHERE " + condition
                + " AND failed_at > :cutoff ORDER BY failed_at DESC OFFSET :skip LIMIT 1", Instant.class)
                .setParameter("cutoff", now.minus(limits.window()))
                .setParameter("skip", max - 1);
        if (username != null) {
            query.setParameter("u", username);
        }
        if (clientIp != null) {
            query.setParameter("ip", clientIp);
        }
        @SuppressWarnings("unchecked")
        List<Object> found = query.getResultList();
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

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
