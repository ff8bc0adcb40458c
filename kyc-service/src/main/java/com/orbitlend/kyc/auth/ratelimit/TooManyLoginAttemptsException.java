package com.orbitlend.kyc.auth.ratelimit;

import com.orbitlend.kit.problem.ProblemException;

import java.time.Duration;

/**
 * 429: too many failed logins for the username from this IP, for the IP, or for the username from all IPs; the
 * same whether the account exists or not, and whichever limit was reached.
 */
public class TooManyLoginAttemptsException extends ProblemException {

    private final Duration retryAfter;

    public TooManyLoginAttemptsException(Duration retryAfter) {
        super(429, "Too Many Requests", "too many failed login attempts; retry later");
        this.retryAfter = retryAfter;
    }

    /** How long until an attempt is allowed again; at least one second. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
