package com.orbitlend.events.loan;

import com.orbitlend.events.DomainEvent;
import com.orbitlend.events.Require;

import java.math.BigDecimal;

/** A user requested a loan. Type {@code orbitlend.loan.requested.v1}. */
public record LoanRequested(String loanId, String userId, BigDecimal amount, String asset, String purpose,
        Collateral collateral) implements DomainEvent {

    public LoanRequested {
        Require.text(loanId, "loanId");
        Require.text(userId, "userId");
        Require.positive(amount, "amount");
        Require.text(asset, "asset");
        Require.present(collateral, "collateral");
    }

    @Override
    public String aggregateId() {
        return loanId;
    }
}
