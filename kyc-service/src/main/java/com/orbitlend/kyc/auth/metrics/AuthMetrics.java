package com.orbitlend.kyc.auth.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Supplier;

/**
 * Counters of logins and registrations by outcome, and the time spent hashing passwords (the service's costliest
 * work): {@code orbitlend_logins_total{outcome}}, {@code orbitlend_registrations_total{outcome}},
 * {@code orbitlend_password_hash_seconds{operation}} on {@code /q/metrics}.
 */
@ApplicationScoped
public class AuthMetrics {

    /** Login outcomes. */
    public enum Login { SUCCESS, BAD_CREDENTIALS, THROTTLED }

    /** Registration outcomes ({@code REFUSED}: the username is taken or reserved). */
    public enum Registration { CREATED, REFUSED, THROTTLED }

    private final MeterRegistry registry;

    public AuthMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void login(Login outcome) {
        counter("orbitlend.logins", outcome.name()).increment();
    }

    public void registration(Registration outcome) {
        counter("orbitlend.registrations", outcome.name()).increment();
    }

    /** Times one password operation ({@code hash} or {@code verify}). */
    public <T> T hashing(String operation, Supplier<T> work) {
        return Timer.builder("orbitlend.password.hash")
                .description("PBKDF2 password hashes and verifications")
                .tag("operation", operation)
                .register(registry)
                .record(work);
    }

    private Counter counter(String name, String outcome) {
        return Counter.builder(name).tag("outcome", outcome.toLowerCase(java.util.Locale.ROOT)).register(registry);
    }
}
