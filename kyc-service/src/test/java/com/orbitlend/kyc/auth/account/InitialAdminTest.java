package com.orbitlend.kyc.auth.account;

import com.orbitlend.kyc.AuthApi;
import com.orbitlend.kyc.KycTestProfile;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

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
}
