package com.orbitlend.marketplace.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One line of the repayment ledger: what the borrower paid on a loan and which owner it was credited to. */
@Entity
@Table(name = "repayment")
public class Repayment extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "note_id", nullable = false, updatable = false)
    public UUID noteId;

    @Column(name = "loan_id", nullable = false, updatable = false)
    public String loanId;

    @Column(nullable = false, updatable = false, precision = 38, scale = 8)
    public BigDecimal amount;

    @Column(name = "credited_owner", nullable = false, updatable = false)
    public String creditedOwner;

    @Column(name = "outstanding_after", nullable = false, updatable = false, precision = 38, scale = 8)
    public BigDecimal outstandingAfter;

    @Column(name = "recorded_at", nullable = false, updatable = false)
    public Instant recordedAt;

    /** The ledger line of a repayment just applied to {@code note}. */
    public static Repayment of(LoanNote note, BigDecimal amount, Instant now) {
        Repayment repayment = new Repayment();
        repayment.id = UUID.randomUUID();
        repayment.noteId = note.id;
        repayment.loanId = note.loanId;
        repayment.amount = amount;
        repayment.creditedOwner = note.ownerId;
        repayment.outstandingAfter = note.outstanding;
        repayment.recordedAt = now;
        return repayment;
    }
}
