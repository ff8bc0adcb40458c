package com.orbitlend.gateway.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TokenVerificationSettingsTest {

    @Test
    void namesEachMissingSettingAndItsVariable() {
        assertThat(TokenVerificationSettings.problem(Optional.of("https://issuer"), Optional.of(List.of("api"))))
                .isEmpty();
        assertThat(TokenVerificationSettings.problem(Optional.of("https://issuer"), Optional.empty()))
                .hasValueSatisfying(m -> assertThat(m).contains("MP_JWT_VERIFY_AUDIENCES")
                        .doesNotContain("MP_JWT_VERIFY_ISSUER"));
        assertThat(TokenVerificationSettings.problem(Optional.of(" "), Optional.of(List.of("api"))))
                .hasValueSatisfying(m -> assertThat(m).contains("mp.jwt.verify.issuer (MP_JWT_VERIFY_ISSUER)"));
    }
}
