package com.orbitlend.kyc.auth.ratelimit;

import com.orbitlend.kit.problem.ProblemException;

import java.time.Duration;

/**
 * 429 with {@code Retry-After}: a login or registration that must wait. For logins the same whether the account
 * exists or not, and whichever delay applies.
 */
public class ThrottledException extends ProblemException {

    private final Duration retryAfter;

    public ThrottledException(String detail, Duration retryAfter) {
        super(429, "Too Many Requests", detail);
        this.retryAfter = retryAfter;
    }

    /** How long until an attempt is allowed again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
