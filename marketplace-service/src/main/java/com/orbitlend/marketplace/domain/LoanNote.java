package com.orbitlend.marketplace.domain;

import com.orbitlend.kit.money.Amounts;
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

/**
 * The NFT of a funded loan: who owns the right to its repayments, whether it is for sale, and what is still
 * owed. State changes only through the methods below; parties are owner ids (a user id or the treasury's).
 */
@Entity
@Table(name = "loan_note")
public class LoanNote extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "nft_id", nullable = false, updatable = false, unique = true)
    public String nftId;

    @Column(name = "loan_id", nullable = false, updatable = false, unique = true)
    public String loanId;

    @Column(name = "borrower_id", nullable = false, updatable = false)
    public String borrowerId;

    @Column(name = "owner_id", nullable = false)
    public String ownerId;

    @Column(nullable = false, updatable = false, precision = 38, scale = 8)
    public BigDecimal principal;

    @Column(nullable = false, precision = 38, scale = 8)
    public BigDecimal outstanding;

    @Column(nullable = false, updatable = false)
    public String asset;

    @Convert(converter = NoteStatusConverter.class)
    @Column(nullable = false)
    public NoteStatus status;

    /** The asking price while listed, null otherwise. */
    @Column(precision = 38, scale = 8)
    public BigDecimal price;

    @Column(name = "listed_at")
    public Instant listedAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;

    /** What a buyer paid to whom. */
    public record Sale(String sellerId, String buyerId, BigDecimal price) {
    }

    /** A note minted to {@code owner} for a funded loan: held, nothing repaid yet. */
    public static LoanNote register(String loanId, String nftId, String borrowerId, String owner,
            BigDecimal principal, String asset, Instant now) {
        LoanNote note = new LoanNote();
        note.id = UUID.randomUUID();
        note.loanId = loanId;
        note.nftId = nftId;
        note.borrowerId = borrowerId;
        note.ownerId = owner;
        note.principal = principal;
        note.outstanding = principal;
        note.asset = asset;
        note.status = NoteStatus.HELD;
        note.createdAt = now;
        note.updatedAt = now;
        return note;
    }

    /** Offers the note for sale at {@code askingPrice}; only its owner may. */
    public void list(String party, BigDecimal askingPrice, Instant now) {
        requireOwner(party, "list");
        switch (status) {
            case LISTED -> throw conflict("is already listed");
            case REPAID -> throw conflict("is fully repaid and cannot be listed");
            case HELD -> {
                status = NoteStatus.LISTED;
                price = askingPrice;
                listedAt = now;
                updatedAt = now;
            }
        }
    }

    /** Takes the note off the market; only its owner may. */
    public void withdraw(String party, Instant now) {
        requireOwner(party, "withdraw");
        if (status != NoteStatus.LISTED) {
            throw conflict("is not listed");
        }
        unlist(NoteStatus.HELD, now);
    }

    /** {@code buyer} takes over the note at its asking price; the listing ends. */
    public Sale purchase(String buyer, Instant now) {
        if (status != NoteStatus.LISTED) {
            throw conflict("is not listed");
        }
        if (ownerId.equals(buyer)) {
            throw conflict("is listed by the buyer itself");
        }
        Sale sale = new Sale(ownerId, buyer, price);
        ownerId = buyer;
        unlist(NoteStatus.HELD, now);
        return sale;
    }

    /**
     * The borrower repays {@code amount}, credited to the current owner. The last repayment makes the note
     * {@code repaid} and ends any listing.
     *
     * @return whether this repayment ended the owner's listing
     */
    public boolean repay(String party, BigDecimal amount, Instant now) {
        if (!borrowerId.equals(party)) {
            throw new NotPermittedException("only the borrower may record repayments on loan " + loanId);
        }
        if (status == NoteStatus.REPAID) {
            throw conflict("is fully repaid");
        }
        if (amount.compareTo(outstanding) > 0) {
            throw conflict("has " + Amounts.normalize(outstanding).toPlainString() + " outstanding; cannot repay "
                    + Amounts.normalize(amount).toPlainString());
        }
        outstanding = outstanding.subtract(amount);
        updatedAt = now;
        if (outstanding.signum() != 0) {
            return false;
        }
        boolean wasListed = status == NoteStatus.LISTED;
        unlist(NoteStatus.REPAID, now);
        return wasListed;
    }

    public boolean isOwnedBy(String party) {
        return ownerId.equals(party);
    }

    private void requireOwner(String party, String action) {
        if (!isOwnedBy(party)) {
            throw new NotPermittedException("only the owner of note " + nftId + " may " + action + " it");
        }
    }

    private void unlist(NoteStatus target, Instant now) {
        status = target;
        price = null;
        listedAt = null;
        updatedAt = now;
    }

    private NoteConflictException conflict(String state) {
        return new NoteConflictException("note " + nftId + " " + state);
    }

    public static Optional<LoanNote> findByNft(String nftId) {
        return find("nftId", nftId).firstResultOptional();
    }

    public static Optional<LoanNote> findByLoan(String loanId) {
        return find("loanId", loanId).firstResultOptional();
    }

    /** Notes for sale, most recently listed first. */
    public static List<LoanNote> listed(Page page) {
        return find("status", Sort.descending("listedAt").and("id"), NoteStatus.LISTED).page(page).list();
    }

    public static long countListed() {
        return count("status", NoteStatus.LISTED);
    }

    /** Notes of one owner, newest first. */
    public static List<LoanNote> ownedBy(String owner, Page page) {
        return find("ownerId", Sort.descending("createdAt").and("id"), owner).page(page).list();
    }

    public static long countOwnedBy(String owner) {
        return count("ownerId", owner);
    }
}
