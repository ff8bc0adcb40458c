package com.orbitlend.kyc.auth.api;

import com.orbitlend.kyc.auth.password.PasswordPolicy;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/auth/register}. */
public record RegisterRequest(
        @NotNull @Pattern(regexp = PasswordPolicy.USERNAME_PATTERN,
                message = "must be 3 to 64 characters of a-z, 0-9, '.', '_' or '-'") String username,
        @NotNull @Size(min = PasswordPolicy.MIN_LENGTH, max = PasswordPolicy.MAX_LENGTH) String password,
        @Size(max = 100) String displayName) {
}
