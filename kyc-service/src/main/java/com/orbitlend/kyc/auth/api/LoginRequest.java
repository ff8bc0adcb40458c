package com.orbitlend.kyc.auth.api;

import com.orbitlend.kyc.auth.password.PasswordPolicy;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/auth/login}. Only sizes are checked: any other mismatch is a failed login. */
public record LoginRequest(
        @NotBlank @Size(max = 64) String username,
        @NotNull @Size(max = PasswordPolicy.MAX_LENGTH) String password) {
}
