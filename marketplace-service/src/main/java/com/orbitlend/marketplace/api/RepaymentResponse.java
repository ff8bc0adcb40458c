package com.orbitlend.marketplace.api;

import com.orbitlend.kit.money.Amounts;
import com.orbitlend.marketplace.domain.Repayment;

import java.math.BigDecimal;
import java.time.Instant;

/** A recorded repayment: the owner it was credited to and what is still outstanding after it. */
public record RepaymentResponse(String id, String loanId, BigDecimal amount, String creditedOwner,
        BigDecimal outstanding, Instant recordedAt) {

    static RepaymentResponse of(Repayment repayment) {
        return new RepaymentResponse(repayment.id.toString(), repayment.loanId, Amounts.normalize(repayment.amount),
                repayment.creditedOwner, Amounts.normalize(repayment.outstandingAfter), repayment.recordedAt);
    }
}
