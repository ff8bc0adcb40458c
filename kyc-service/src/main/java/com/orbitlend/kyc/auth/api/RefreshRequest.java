package com.orbitlend.kyc.auth.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/auth/refresh} and {@code POST /api/auth/logout}. */
public record RefreshRequest(@NotBlank @Size(max = 128) String refreshToken) {
}
