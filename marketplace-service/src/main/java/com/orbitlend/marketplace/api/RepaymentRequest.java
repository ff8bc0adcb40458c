package com.orbitlend.marketplace.api;

import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import java.math.BigDecimal;

/** Body of {@code POST /api/marketplace/loans/{loanId}/repayments}: the amount repaid, in the note's asset. */
public record RepaymentRequest(@NotNull @Positive @Digits(integer = 30, fraction = 8) BigDecimal amount) {
}
