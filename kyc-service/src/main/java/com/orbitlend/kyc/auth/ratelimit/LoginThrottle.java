package com.orbitlend.kyc.auth.ratelimit;

import com.orbitlend.kyc.config.KycServiceConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Progressive delays of failed logins, in PostgreSQL so that all instances share them. Two counts, never one per
 * username alone (which anyone could drive up to lock the owner out): per (username, client address), where a
 * success clears the pair, and per client address. An attempt is recorded as a failure first ({@link #reserve})
 * under advisory locks on both keys, so concurrent attempts on any instance cannot slip past a delay; a success then
 * removes it with the pair's failures ({@link #succeeded}), a failure restamps it ({@link #failed}). Usernames are stored only inside a SHA-256 of the pair
 * (whatever their length after case folding), and unknown ones count like known ones: a 429 reveals nothing.
 */
@ApplicationScoped
@Transactional
public class LoginThrottle {

    private static final Logger LOG = Logger.getLogger(LoginThrottle.class);
    static final String DETAIL = "too many failed login attempts; retry later";

    private final EntityManager em;
    private final Duration window;
    private final ProgressiveDelay perPair;
    private final ProgressiveDelay perAddress;

    LoginThrottle(EntityManager em, KycServiceConfig config) {
        this.em = em;
        this.window = config.loginLimit().window();
        this.perPair = ProgressiveDelay.of(config.loginLimit().perUsernameAndAddress());
        this.perAddress = ProgressiveDelay.of(config.loginLimit().perAddress());
    }

    /**
     * Records an attempt of the case-folded {@code username} from {@code address} as a failure until it succeeds.
     *
     * @return the id of the recorded attempt, for {@link #succeeded}
     * @throws ThrottledException if the pair or the address must still wait
     */
    public long reserve(String username, String address) {
        String pair = pairKey(username, address);
        Attempts.lock(em, "login-pair:" + pair); // always pair, then address: no lock-order cycle
        Attempts.lock(em, "login-address:" + address);
        Instant now = Attempts.now();
        Optional<Duration> wait = Stream.of(
                        retryAfter("pair_key = :key", Map.of("key", pair), perPair, now),
                        retryAfter("client_address = :address", Map.of("address", address), perAddress, now))
                .flatMap(Optional::stream)
                .max(Duration::compareTo);
        if (wait.isPresent()) {
            throw new ThrottledException(DETAIL, wait.get());
        }
        return ((Number) em.createNativeQuery("INSERT INTO login_failure (pair_key, client_address, failed_at) "
                        + "VALUES (:key, :address, :now) RETURNING id")
                .setParameter("key", pair)
                .setParameter("address", address)
                .setParameter("now", now)
                .getSingleResult()).longValue();
    }

    /** The attempt failed: its delay runs from now, the end of the slow verification, not from its start. */
    public void failed(long attemptId) {
        em.createNativeQuery("UPDATE login_failure SET failed_at = :now WHERE id = :id")
                .setParameter("now", Attempts.now())
                .setParameter("id", attemptId)
                .executeUpdate();
    }

    /** The attempt succeeded: it was no failure, and the pair's earlier failures are cleared. */
    public void succeeded(long attemptId, String username, String address) {
        em.createNativeQuery("DELETE FROM login_failure WHERE id = :id OR pair_key = :key")
                .setParameter("id", attemptId)
                .setParameter("key", pairKey(username, address))
                .executeUpdate();
    }

    @Scheduled(identity = "kyc-login-failure-cleanup", every = "5m", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deleteExpired() {
        int deleted = em.createNativeQuery("DELETE FROM login_failure WHERE failed_at < :cutoff")
                .setParameter("cutoff", Attempts.now().minus(window))
                .executeUpdate();
        if (deleted > 0) {
            LOG.debugf("Deleted %d login failures older than %s", deleted, window);
        }
    }

    private Optional<Duration> retryAfter(String condition, Map<String, Object> params, ProgressiveDelay delay,
            Instant now) {
        Attempts.Recent recent = Attempts.recent(em, "login_failure", "failed_at", condition, params,
                now.minus(window));
        return delay.retryAfter(recent.count(), recent.latest(), now);
    }

    static String pairKey(String username, String address) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((username + "\n" + address).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
