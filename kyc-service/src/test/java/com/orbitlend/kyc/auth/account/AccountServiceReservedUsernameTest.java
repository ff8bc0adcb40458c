package com.orbitlend.kyc.auth.account;

import com.orbitlend.kit.problem.ProblemException;
import com.orbitlend.kyc.config.KycServiceConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** No database at all: the initial admin's username is refused whether or not that admin exists yet. */
class AccountServiceReservedUsernameTest {

    private final AccountService accounts = new AccountService(null, config("root-admin"));

    @Test
    void registeringTheInitialAdminUsernameIsConflictBeforeAnyLookUp() {
        assertThatThrownBy(() -> accounts.register("root-admin", "pbkdf2-sha256$1$c2FsdA$aGFzaA", null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.getMessage()).isEqualTo("username root-admin is reserved");
                });
    }

    @Test
    void onlyTheConfiguredUsernameIsReserved() {
        assertThat(accounts.isInitialAdminUsername("ROOT-ADMIN")).isTrue();
        assertThat(accounts.isInitialAdminUsername("admin")).isFalse();
        assertThat(accounts.isInitialAdminUsername("root-admin2")).isFalse();
        assertThat(accounts.isInitialAdminUsername(null)).isFalse();
    }

    private static KycServiceConfig config(String adminUsername) {
        KycServiceConfig.InitialAdmin admin = new KycServiceConfig.InitialAdmin() {
            @Override
            public String username() {
                return adminUsername;
            }

            @Override
            public Optional<String> password() {
                return Optional.empty();
            }
        };
        return new KycServiceConfig() {
            @Override
            public Token token() {
                throw new UnsupportedOperationException();
            }

            @Override
            public LoginLimit loginLimit() {
                throw new UnsupportedOperationException();
            }

            @Override
            public RegistrationLimit registrationLimit() {
                throw new UnsupportedOperationException();
            }

            @Override
            public ClientAddress clientAddress() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Password password() {
                throw new UnsupportedOperationException();
            }

            @Override
            public InitialAdmin initialAdmin() {
                return admin;
            }
        };
    }
}
