package com.orbitlend.loan.api;

import com.orbitlend.loan.domain.Amounts;
import com.orbitlend.loan.domain.Loan;

import java.math.BigDecimal;
import java.time.Instant;

/** A loan as the API shows it. Absent values (e.g. txHash before funding) are null. */
public record LoanResponse(String id, String userId, BigDecimal amount, String asset, String purpose,
        Collateral collateral, String status, String rejectionReason, String txHash, String nftId,
        Instant createdAt, Instant updatedAt, String decidedBy) {

    public record Collateral(String asset, BigDecimal amount) {
    }

    static LoanResponse of(Loan loan) {
        return new LoanResponse(loan.id.toString(), loan.userId, Amounts.normalize(loan.amount), loan.asset,
                loan.purpose, new Collateral(loan.collateralAsset, Amounts.normalize(loan.collateralAmount)),
                loan.status.wire(), loan.rejectionReason, loan.txHash, loan.nftId, loan.createdAt, loan.updatedAt,
                loan.decidedBy);
    }
}
