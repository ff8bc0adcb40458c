package com.orbitlend.events.loan;

import com.orbitlend.events.DomainEvent;
import com.orbitlend.events.Require;

import java.math.BigDecimal;

/** An admin rejected a loan, with a reason shown to the borrower. Type {@code orbitlend.loan.rejected.v1}. */
public record LoanRejected(String loanId, String userId, BigDecimal amount, String reason, String rejectedBy)
        implements DomainEvent {

    public LoanRejected {
        Require.text(loanId, "loanId");
        Require.text(userId, "userId");
        Require.text(reason, "reason");
    }

    @Override
    public String aggregateId() {
        return loanId;
    }
}
