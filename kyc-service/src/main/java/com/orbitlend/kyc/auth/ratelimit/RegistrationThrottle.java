package com.orbitlend.kyc.auth.ratelimit;

import com.orbitlend.kyc.config.KycServiceConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Registrations per client address and overall, each over a sliding window, in PostgreSQL (shared by all
 * instances). Every registration that passes validation costs a slow password hash whether or not its username is
 * free, so this bounds the hashing work an anonymous caller can cause. Checked and recorded under one advisory lock.
 */
@ApplicationScoped
@Transactional
public class RegistrationThrottle {

    static final String DETAIL = "too many registrations; retry later";

    private final EntityManager em;
    private final Limits limits;

    /** The limits; a parameter so a test can check the overall one without blocking the rest of the suite. */
    public record Limits(int maxPerAddress, Duration addressWindow, int maxOverall, Duration overallWindow) {
    }

    RegistrationThrottle(EntityManager em, KycServiceConfig config) {
        this.em = em;
        KycServiceConfig.RegistrationLimit c = config.registrationLimit();
        this.limits = new Limits(c.maxPerAddress(), c.addressWindow(), c.maxOverall(), c.overallWindow());
    }

    /** Records a registration from {@code address}, or throws if the address or everyone must wait. */
    public void reserve(String address) {
        reserve(address, limits);
    }

    public void reserve(String address, Limits limits) {
        Attempts.lock(em, "registration");
        Instant now = Attempts.now();
        Optional<Duration> wait = Stream.of(
                        retryAfter("client_address = :address", Map.of("address", address), limits.maxPerAddress(),
                                limits.addressWindow(), now),
                        retryAfter("TRUE", Map.of(), limits.maxOverall(), limits.overallWindow(), now))
                .flatMap(Optional::stream)
                .max(Duration::compareTo);
        if (wait.isPresent()) {
            throw new ThrottledException(DETAIL, wait.get());
        }
        em.createNativeQuery("INSERT INTO registration_attempt (client_address, attempted_at) VALUES (:a, :now)")
                .setParameter("a", address)
                .setParameter("now", now)
                .executeUpdate();
    }

    @Scheduled(identity = "kyc-registration-attempt-cleanup", every = "5m", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deleteExpired() {
        Duration longest = limits.addressWindow().compareTo(limits.overallWindow()) > 0
                ? limits.addressWindow() : limits.overallWindow();
        em.createNativeQuery("DELETE FROM registration_attempt WHERE attempted_at < :cutoff")
                .setParameter("cutoff", Attempts.now().minus(longest))
                .executeUpdate();
    }

    /** Until the oldest of the last {@code max} registrations leaves the window; empty below the limit. */
    private Optional<Duration> retryAfter(String condition, Map<String, Object> params, int max, Duration window,
            Instant now) {
        var query = em.createNativeQuery("SELECT attempted_at FROM registration_attempt WHERE " + condition
                        + " AND attempted_at > :cutoff ORDER BY attempted_at DESC OFFSET :skip LIMIT 1", Instant.class)
                .setParameter("cutoff", now.minus(window))
                .setParameter("skip", Math.max(0, max - 1));
        params.forEach(query::setParameter);
        @SuppressWarnings("unchecked")
        List<Instant> found = query.getResultList();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Duration wait = Duration.between(now, found.get(0).plus(window));
        return Optional.of(wait.isNegative() || wait.isZero() ? Duration.ofMillis(1) : wait);
    }
}
