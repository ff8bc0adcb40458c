package com.orbitlend.loan.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/admin/loans/{id}/reject}: the reason shown to the borrower. */
public record RejectRequest(@NotBlank @Size(max = 500) String reason) {
}
