package com.orbitlend.kyc.auth.account;

import com.orbitlend.kyc.AuthApi;
import com.orbitlend.kyc.KycTestProfile;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@TestProfile(KycTestProfile.class)
class InitialAdminTest {

    @Inject
    InitialAdmin initialAdmin;

    @Inject
    AccountService accounts;

    @Test
    void creationIsIdempotentAndLeavesExistingAccountsAlone() {
        Account before = accounts.findByUsername(AuthApi.ADMIN).orElseThrow();
        assertThat(before.role).isEqualTo(Role.ADMIN);

        initialAdmin.onStart(new StartupEvent());
        assertThat(accounts.createIfAbsent(AuthApi.ADMIN, "another-password-1", Role.ADMIN)).isFalse();

        Account after = accounts.findByUsername(AuthApi.ADMIN).orElseThrow();
        assertThat(after.id).isEqualTo(before.id);
        assertThat(after.passwordHash).isEqualTo(before.passwordHash);
        AuthApi.login(AuthApi.ADMIN, AuthApi.ADMIN_PASSWORD).statusCode(200);
    }

    @Test
    void createsTheAdminOnceAPasswordIsConfigured() {
        String username = AuthApi.newUsername();
        assertThat(initialAdmin.ensure(username, Optional.empty())).isEqualTo(InitialAdmin.Outcome.NO_PASSWORD);
        assertThat(accounts.findByUsername(username)).isEmpty();

        assertThat(initialAdmin.ensure(username, Optional.of("late-admin-password-1")))
                .isEqualTo(InitialAdmin.Outcome.CREATED);
        assertThat(accounts.findByUsername(username).orElseThrow().role).isEqualTo(Role.ADMIN);
        assertThat(initialAdmin.ensure(username, Optional.of("late-admin-password-1")))
                .isEqualTo(InitialAdmin.Outcome.EXISTS);
    }

    @Test
    void aNonAdminHoldingTheUsernameIsReportedAsAnErrorAndNotPromoted() {
        String username = AuthApi.newUsername();
        assertThat(accounts.createIfAbsent(username, AuthApi.PASSWORD, Role.USER)).isTrue();
        Account squatter = accounts.findByUsername(username).orElseThrow();

        List<LogRecord> errors = captureErrors(() -> {
            assertThat(initialAdmin.ensure(username, Optional.of("admin-password-0001")))
                    .isEqualTo(InitialAdmin.Outcome.HELD_BY_NON_ADMIN);
            assertThat(initialAdmin.ensure(username, Optional.empty()))
                    .isEqualTo(InitialAdmin.Outcome.HELD_BY_NON_ADMIN);
        });

        assertThat(errors).hasSize(2).allSatisfy(r -> assertThat(r.getMessage())
                .contains(username, squatter.id.toString(), "not promoted"));
        Account after = accounts.findByUsername(username).orElseThrow();
        assertThat(after.role).isEqualTo(Role.USER);
        assertThat(after.passwordHash).isEqualTo(squatter.passwordHash);
        AuthApi.login(username, "admin-password-0001").statusCode(401);
    }

    private static List<LogRecord> captureErrors(Runnable action) {
        List<LogRecord> errors = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    errors.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(InitialAdmin.class.getName());
        logger.addHandler(handler);
        try {
            action.run();
        } finally {
            logger.removeHandler(handler);
        }
        return errors;
    }
}
