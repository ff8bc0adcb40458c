package com.orbitlend.kyc.auth.account;

import com.orbitlend.kyc.auth.password.PasswordPolicy;
import com.orbitlend.kyc.config.KycServiceConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Creates the configured admin account at startup if it does not exist. Idempotent across restarts and
 * instances (the username is unique); an existing account of that name is left untouched, and if it is no admin
 * (created before registration reserved the name) that is logged as an error for an operator to resolve: promoting
 * it would hand admin rights to whoever registered it.
 */
@ApplicationScoped
class InitialAdmin {

    private static final Logger LOG = Logger.getLogger(InitialAdmin.class);

    /** What a start-up run did. */
    enum Outcome { CREATED, EXISTS, HELD_BY_NON_ADMIN, NO_PASSWORD, INVALID }

    private final AccountService accounts;
    private final KycServiceConfig.InitialAdmin config;

    InitialAdmin(AccountService accounts, KycServiceConfig config) {
        this.accounts = accounts;
        this.config = config.initialAdmin();
    }

    void onStart(@Observes StartupEvent event) {
        ensure(config.username(), config.password());
    }

    Outcome ensure(String username, Optional<String> password) {
        Optional<Account> existing = accounts.findByUsername(username);
        if (existing.isPresent()) {
            return checkExisting(existing.get());
        }
        if (password.isEmpty()) {
            LOG.warnf("No initial admin password configured (orbitlend.kyc.initial-admin.password); "
                    + "admin account '%s' is not created", username);
            return Outcome.NO_PASSWORD;
        }
        if (!PasswordPolicy.isAcceptableUsername(username) || !PasswordPolicy.isAcceptablePassword(password.get())) {
            LOG.errorf("Initial admin '%s' not created: the username must match %s and the password have %d to %d "
                    + "characters", username, PasswordPolicy.USERNAME_PATTERN, PasswordPolicy.MIN_LENGTH,
                    PasswordPolicy.MAX_LENGTH);
            return Outcome.INVALID;
        }
        if (accounts.createIfAbsent(username, password.get(), Role.ADMIN)) {
            LOG.infof("Created initial admin account '%s'", username);
            return Outcome.CREATED;
        }
        return accounts.findByUsername(username).map(this::checkExisting).orElse(Outcome.EXISTS);
    }

    private Outcome checkExisting(Account account) {
        if (account.role == Role.ADMIN) {
            return Outcome.EXISTS;
        }
        LOG.errorf("Initial admin NOT created: the username '%s' belongs to an existing account %s with role '%s', "
                + "which is left as it is (not promoted). Remove or rename that account, or configure another "
                + "orbitlend.kyc.initial-admin.username, and restart", account.username, account.id,
                account.role.group());
        return Outcome.HELD_BY_NON_ADMIN;
    }
}
