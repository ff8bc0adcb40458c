package com.orbitlend.kyc.auth.registration;

import com.orbitlend.kit.problem.ProblemException;
import com.orbitlend.kyc.auth.account.Account;
import com.orbitlend.kyc.auth.account.AccountService;
import com.orbitlend.kyc.auth.metrics.AuthMetrics;
import com.orbitlend.kyc.auth.password.Passwords;
import com.orbitlend.kyc.auth.ratelimit.RegistrationThrottle;
import com.orbitlend.kyc.auth.ratelimit.ThrottledException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Registration: throttled per client address and overall first, then the slow password hash, always, before the
 * username is looked at: a taken or reserved name costs the caller exactly as much as a free one, so probing
 * names is no cheaper than registering. Not transactional: the hash holds no connection.
 */
@ApplicationScoped
public class RegistrationService {

    private final RegistrationThrottle throttle;
    private final Passwords passwords;
    private final AccountService accounts;
    private final AuthMetrics metrics;

    RegistrationService(RegistrationThrottle throttle, Passwords passwords, AccountService accounts,
            AuthMetrics metrics) {
        this.throttle = throttle;
        this.passwords = passwords;
        this.accounts = accounts;
        this.metrics = metrics;
    }

    public Account register(String username, String password, String displayName, String clientAddress) {
        try {
            throttle.reserve(clientAddress);
        } catch (ThrottledException e) {
            metrics.registration(AuthMetrics.Registration.THROTTLED);
            throw e;
        }
        String passwordHash = passwords.hash(password);
        try {
            Account account = accounts.register(username, passwordHash, displayName);
            metrics.registration(AuthMetrics.Registration.CREATED);
            return account;
        } catch (ProblemException e) {
            metrics.registration(AuthMetrics.Registration.REFUSED);
            throw e;
        }
    }
}
