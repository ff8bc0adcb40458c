package com.orbitlend.kit.security;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TokenVerificationSettingsTest {

    @Test
    void namesEachMissingSettingAndItsVariable() {
        assertThat(TokenVerificationSettings.problem(Optional.of("https://issuer"), Optional.of(List.of("api"))))
                .isEmpty();
        assertThat(TokenVerificationSettings.problem(Optional.empty(), Optional.of(List.of("api")))).hasValueSatisfying(
                m -> assertThat(m).contains("MP_JWT_VERIFY_ISSUER").doesNotContain("AUDIENCES"));
        assertThat(TokenVerificationSettings.problem(Optional.of("https://issuer"), Optional.of(List.of(" "))))
                .hasValueSatisfying(m -> assertThat(m).contains("mp.jwt.verify.audiences (MP_JWT_VERIFY_AUDIENCES)")
                        .contains("refuses to start in production"));
        assertThat(TokenVerificationSettings.problem(Optional.of(""), Optional.empty())).hasValueSatisfying(
                m -> assertThat(m).contains("MP_JWT_VERIFY_ISSUER", "MP_JWT_VERIFY_AUDIENCES"));
    }
}
