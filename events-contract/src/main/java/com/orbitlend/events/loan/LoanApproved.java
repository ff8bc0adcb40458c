package com.orbitlend.events.loan;

import com.orbitlend.events.DomainEvent;
import com.orbitlend.events.Require;

import java.math.BigDecimal;

/** An admin approved a loan. Type {@code orbitlend.loan.approved.v1}. */
public record LoanApproved(String loanId, String userId, BigDecimal amount, String approvedBy)
        implements DomainEvent {

    public LoanApproved {
        Require.text(loanId, "loanId");
        Require.text(userId, "userId");
        Require.positive(amount, "amount");
    }

    @Override
    public String aggregateId() {
        return loanId;
    }
}
