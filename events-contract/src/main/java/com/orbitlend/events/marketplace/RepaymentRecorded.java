package com.orbitlend.events.marketplace;

import com.orbitlend.events.DomainEvent;
import com.orbitlend.events.Require;

import java.math.BigDecimal;

/**
 * The borrower repaid part of a loan, credited to the note's current owner.
 * Type {@code orbitlend.marketplace.repayment_recorded.v1}, key = loan id.
 */
public record RepaymentRecorded(String loanId, String nftId, String borrowerId, String ownerId, BigDecimal amount,
        BigDecimal outstanding) implements DomainEvent {

    public RepaymentRecorded {
        Require.text(loanId, "loanId");
        Require.text(nftId, "nftId");
        Require.text(borrowerId, "borrowerId");
        Require.text(ownerId, "ownerId");
        Require.positive(amount, "amount");
        Require.present(outstanding, "outstanding");
    }

    @Override
    public String aggregateId() {
        return loanId;
    }
}
