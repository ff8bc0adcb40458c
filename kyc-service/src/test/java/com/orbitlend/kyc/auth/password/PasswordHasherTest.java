package com.orbitlend.kyc.auth.password;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);

    @Test
    void verifiesTheRightPasswordOnly() {
        String hash = hasher.hash("correct horse battery");
        assertThat(hasher.verify("correct horse battery", hash)).isTrue();
        assertThat(hasher.verify("correct horse batterY", hash)).isFalse();
        assertThat(hasher.verify("", hash)).isFalse();
    }

    @Test
    void encodesAlgorithmIterationsAndSalt() {
        String[] parts = hasher.hash("some password 1").split("\\$");
        assertThat(parts).hasSize(4);
        assertThat(parts[0]).isEqualTo("pbkdf2-sha256");
        assertThat(parts[1]).isEqualTo("210000");
        assertThat(Base64.getDecoder().decode(parts[2])).hasSize(16);
        assertThat(Base64.getDecoder().decode(parts[3])).hasSize(32);
    }

    @Test
    void samePasswordGetsDifferentSalts() {
        String first = hasher.hash("same password here");
        String second = hasher.hash("same password here");
        assertThat(first).isNotEqualTo(second);
        assertThat(first.split("\\$")[2]).isNotEqualTo(second.split("\\$")[2]);
        assertThat(hasher.verify("same password here", first)).isTrue();
        assertThat(hasher.verify("same password here", second)).isTrue();
    }

    @Test
    void verifiesHashesMadeWithOtherParameters() {
        String stronger = new PasswordHasher(300_000).hash("evolving parameters");
        assertThat(stronger).startsWith("pbkdf2-sha256$300000$");
        assertThat(hasher.verify("evolving parameters", stronger)).isTrue();
    }

    @Test
    void malformedHashesNeverMatch() {
        assertThat(hasher.verify("x", null)).isFalse();
        assertThat(hasher.verify("x", "")).isFalse();
        assertThat(hasher.verify("x", "bcrypt$10$abc$def")).isFalse();
        assertThat(hasher.verify("x", "pbkdf2-sha256$many$abc$def")).isFalse();
        assertThat(hasher.verify("x", "pbkdf2-sha256$1000$!!$def")).isFalse();
    }

    @Test
    void refusesWeakIterationCounts() {
        assertThatThrownBy(() -> new PasswordHasher(10_000)).isInstanceOf(IllegalArgumentException.class);
    }
}
