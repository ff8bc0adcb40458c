package com.orbitlend.loan.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A loan request and its lifecycle. State changes only through the methods below. */
@Entity
@Table(name = "loan")
public class Loan extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false, updatable = false)
    public String userId;

    @Column(nullable = false, updatable = false, precision = 38, scale = 8)
    public BigDecimal amount;

    @Column(nullable = false, updatable = false)
    public String asset;

    @Column(nullable = false, updatable = false)
    public String purpose;

    @Column(name = "collateral_asset", nullable = false, updatable = false)
    public String collateralAsset;

    @Column(name = "collateral_amount", nullable = false, updatable = false, precision = 38, scale = 8)
    public BigDecimal collateralAmount;

    @Convert(converter = LoanStatusConverter.class)
    @Column(nullable = false)
    public LoanStatus status;

    @Column(name = "rejection_reason")
    public String rejectionReason;

    @Column(name = "tx_hash")
    public String txHash;

    @Column(name = "nft_id")
    public String nftId;

    @Column(name = "decided_by")
    public String decidedBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;

    /** A new loan in status {@code requested}. */
    public static Loan request(String userId, BigDecimal amount, String asset, String purpose,
            String collateralAsset, BigDecimal collateralAmount, Instant now) {
        Loan loan = new Loan();
        loan.id = UUID.randomUUID();
        loan.userId = userId;
        loan.amount = amount;
        loan.asset = asset;
        loan.purpose = purpose;
        loan.collateralAsset = collateralAsset;
        loan.collateralAmount = collateralAmount;
        loan.status = LoanStatus.REQUESTED;
        loan.createdAt = now;
        loan.updatedAt = now;
        return loan;
    }

    public void approve(String admin, Instant now) {
        moveTo(LoanStatus.APPROVED, "approve", admin, now);
    }

    public void reject(String reason, String admin, Instant now) {
        moveTo(LoanStatus.REJECTED, "reject", admin, now);
        rejectionReason = reason;
    }

    public void fund(String txHash, String nftId, Instant now) {
        if (!status.canMoveTo(LoanStatus.FUNDED)) {
            throw new IllegalTransitionException(id.toString(), status, "fund");
        }
        status = LoanStatus.FUNDED;
        this.txHash = txHash;
        this.nftId = nftId;
        updatedAt = now;
    }

    private void moveTo(LoanStatus target, String action, String admin, Instant now) {
        if (!status.canMoveTo(target)) {
            throw new IllegalTransitionException(id.toString(), status, action);
        }
        status = target;
        decidedBy = admin;
        updatedAt = now;
    }

    /** A loan other than {@code except} funded with {@code txHash} or {@code nftId}, if any. */
    public static Optional<Loan> fundedBy(String txHash, String nftId, UUID except) {
        return find("(txHash = ?1 or nftId = ?2) and id <> ?3", txHash, nftId, except).firstResultOptional();
    }

    public static Optional<Loan> findOwned(UUID id, String userId) {
        return find("id = ?1 and userId = ?2", id, userId).firstResultOptional();
    }

    public static List<Loan> listOwned(String userId) {
        return list("userId", Sort.descending("createdAt").and("id"), userId);
    }

    public static List<Loan> page(Optional<LoanStatus> status, Page page) {
        Sort newestFirst = Sort.descending("createdAt").and("id");
        return status.map(s -> find("status", newestFirst, s))
                .orElseGet(() -> findAll(newestFirst))
                .page(page)
                .list();
    }

    public static long count(Optional<LoanStatus> status) {
        // not Loan::count: a method reference binds to PanacheEntityBase.count, which Quarkus does not enhance
        return status.map(s -> count("status", s)).orElseGet(() -> count());
    }
}
