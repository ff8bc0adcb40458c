package com.orbitlend.kyc.auth.password;

import com.orbitlend.kyc.auth.metrics.AuthMetrics;
import com.orbitlend.kyc.config.KycServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The service's password hashing, with a dummy hash made at startup: verifying an unknown user's login against
 * it costs the same as a real verification, so response time does not reveal whether an account exists. Every
 * hash and verification is timed ({@link AuthMetrics#hashing}).
 */
@ApplicationScoped
public class Passwords {

    private final PasswordHasher hasher;
    private final AuthMetrics metrics;
    private final String dummyHash;

    public Passwords(KycServiceConfig config, AuthMetrics metrics) {
        this.hasher = new PasswordHasher(config.password().iterations());
        this.metrics = metrics;
        this.dummyHash = hasher.hash("dummy-password-" + System.nanoTime());
    }

    public String hash(String password) {
        return metrics.hashing("hash", () -> hasher.hash(password));
    }

    public boolean verify(String password, String encodedHash) {
        return metrics.hashing("verify", () -> hasher.verify(password, encodedHash));
    }

    /** Burns the time of one verification, for a login whose account does not exist; always false. */
    public boolean verifyNobody(String password) {
        metrics.hashing("verify", () -> hasher.verify(password, dummyHash));
        return false;
    }
}
