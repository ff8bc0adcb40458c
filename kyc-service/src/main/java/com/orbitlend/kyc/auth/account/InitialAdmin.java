package com.orbitlend.kyc.auth.account;

import com.orbitlend.kyc.auth.password.PasswordPolicy;
import com.orbitlend.kyc.config.KycServiceConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Creates the configured admin account at startup if it does not exist. Idempotent across restarts and
 * instances (the username is unique); an existing account of that name is left untouched.
 */
@ApplicationScoped
class InitialAdmin {

    private static final Logger LOG = Logger.getLogger(InitialAdmin.class);

    private final AccountService accounts;
    private final KycServiceConfig.InitialAdmin config;

    InitialAdmin(AccountService accounts, KycServiceConfig config) {
        this.accounts = accounts;
        this.config = config.initialAdmin();
    }

    void onStart(@Observes StartupEvent event) {
        String username = config.username();
        if (config.password().isEmpty()) {
            LOG.warnf("No initial admin password configured (orbitlend.kyc.initial-admin.password); "
                    + "admin account '%s' is not created", username);
            return;
        }
        String password = config.password().get();
        if (!PasswordPolicy.isAcceptableUsername(username) || !PasswordPolicy.isAcceptablePassword(password)) {
            LOG.errorf("Initial admin '%s' not created: the username must match %s and the password have %d to %d "
                    + "characters", username, PasswordPolicy.USERNAME_PATTERN, PasswordPolicy.MIN_LENGTH,
                    PasswordPolicy.MAX_LENGTH);
            return;
        }
        if (accounts.createIfAbsent(username, password, Role.ADMIN)) {
            LOG.infof("Created initial admin account '%s'", username);
        }
    }
}
