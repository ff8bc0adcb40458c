package com.orbitlend.kyc.kyc.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/admin/kyc/{id}/reject}: the reason shown to the user. */
public record RejectRequest(@NotBlank @Size(max = 500) String reason) {
}
