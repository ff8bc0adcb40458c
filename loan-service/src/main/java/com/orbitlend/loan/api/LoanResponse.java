package com.orbitlend.loan.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.orbitlend.kit.money.Amounts;
import com.orbitlend.loan.domain.Loan;
import com.orbitlend.loan.service.LoanService;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A loan as the API shows it. Absent values (e.g. txHash before funding) are null. {@code borrowerKycStatus}
 * (none, submitted, approved, rejected) is shown to admins only, absent from the borrower's own API.
 */
public record LoanResponse(String id, String userId, BigDecimal amount, String asset, String purpose,
        Collateral collateral, String status, String rejectionReason, String txHash, String nftId,
        Instant createdAt, Instant updatedAt, String decidedBy,
        @JsonInclude(JsonInclude.Include.NON_NULL) String borrowerKycStatus) {

    public record Collateral(String asset, BigDecimal amount) {
    }

    static LoanResponse of(Loan loan) {
        return of(loan, null);
    }

    static LoanResponse of(LoanService.AdminLoan admin) {
        return of(admin.loan(), admin.borrowerKyc().wire());
    }

    private static LoanResponse of(Loan loan, String borrowerKycStatus) {
        return new LoanResponse(loan.id.toString(), loan.userId, Amounts.normalize(loan.amount), loan.asset,
                loan.purpose, new Collateral(loan.collateralAsset, Amounts.normalize(loan.collateralAmount)),
                loan.status.wire(), loan.rejectionReason, loan.txHash, loan.nftId, loan.createdAt, loan.updatedAt,
                loan.decidedBy, borrowerKycStatus);
    }
}
