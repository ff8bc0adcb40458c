package com.orbitlend.loan.api;

import com.orbitlend.loan.service.LoanService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;

/** Body of {@code POST /api/loans}. */
public record LoanRequest(
        @NotNull @Positive @Digits(integer = 30, fraction = 8) BigDecimal amount,
        @NotNull @Pattern(regexp = Assets.PATTERN, message = Assets.MESSAGE) String asset,
        @NotBlank @Size(max = 500) String purpose,
        @NotNull @Valid CollateralRequest collateral) {

    /** The crypto pledged against the loan. */
    public record CollateralRequest(
            @NotNull @Pattern(regexp = Assets.PATTERN, message = Assets.MESSAGE) String asset,
            @NotNull @Positive @Digits(integer = 30, fraction = 8) BigDecimal amount) {
    }

    LoanService.NewLoan toNewLoan() {
        return new LoanService.NewLoan(amount, asset, purpose.strip(), collateral.asset(), collateral.amount());
    }

    /** Asset symbols such as USDC, ETH, WBTC. */
    static final class Assets {
        static final String PATTERN = "^[A-Z0-9]{2,12}$";
        static final String MESSAGE = "must be an asset symbol of 2 to 12 upper-case letters or digits";

        private Assets() {
        }
    }
}
