package com.orbitlend.events.notification;

import com.orbitlend.events.Require;
import com.orbitlend.events.loan.Collateral;

import java.math.BigDecimal;
import java.time.Instant;

/** Payload of {@code loan:new}. */
public record LoanNewData(String loanId, String userId, BigDecimal amount, String asset, String purpose,
        Collateral collateral, Instant timestamp) {

    public LoanNewData {
        Require.text(loanId, "loanId");
        Require.text(userId, "userId");
        Require.positive(amount, "amount");
        Require.present(timestamp, "timestamp");
    }
}
