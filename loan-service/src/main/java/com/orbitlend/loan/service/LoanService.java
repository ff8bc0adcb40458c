package com.orbitlend.loan.service;

import com.orbitlend.events.loan.Collateral;
import com.orbitlend.events.loan.LoanApproved;
import com.orbitlend.events.loan.LoanFunded;
import com.orbitlend.events.loan.LoanRejected;
import com.orbitlend.events.loan.LoanRequested;
import com.orbitlend.kit.money.Amounts;
import com.orbitlend.kit.outbox.Outbox;
import com.orbitlend.kit.problem.ProblemException;
import com.orbitlend.loan.domain.IllegalTransitionException;
import com.orbitlend.loan.domain.Loan;
import com.orbitlend.loan.domain.LoanStatus;
import com.orbitlend.loan.kyc.BorrowerKyc;
import com.orbitlend.loan.kyc.KycStatus;
import io.quarkus.panache.common.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import org.hibernate.exception.ConstraintViolationException;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The loan use cases. Each change and its domain event commit in one transaction (the outbox); a failed
 * change records no event. Concurrent decisions on one loan are settled by optimistic locking: the loser's
 * flush fails with an OptimisticLockException, answered 409. A loan is approved only for a borrower whose KYC
 * is approved, as projected from the KYC events ({@link BorrowerKyc}); admins see that status with each loan.
 */
@ApplicationScoped
@Transactional
public class LoanService {

    /** Unique constraints on loan (V3__loan_funding_unique.sql). */
    static final String NFT_ID_UNIQUE = "loan_nft_id_key";
    static final String TX_HASH_UNIQUE = "loan_tx_hash_key";

    private final Outbox outbox;
    private final Clock clock = Clock.systemUTC();

    LoanService(Outbox outbox) {
        this.outbox = outbox;
    }

    public Loan request(String userId, NewLoan request) {
        Loan loan = Loan.request(userId, Amounts.normalize(request.amount()), request.asset(), request.purpose(),
                request.collateralAsset(), Amounts.normalize(request.collateralAmount()), now());
        loan.persist();
        outbox.record(new LoanRequested(loan.id.toString(), userId, loan.amount, loan.asset, loan.purpose,
                new Collateral(loan.collateralAsset, loan.collateralAmount)));
        return loan;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Loan> listOwned(String userId) {
        return Loan.listOwned(userId);
    }

    /** The user's own loan; another user's is reported as not found, so its existence does not leak. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Loan getOwned(UUID id, String userId) {
        return Loan.findOwned(id, userId).orElseThrow(() -> notFound(id));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public LoanPage list(Optional<LoanStatus> status, int page, int size) {
        List<Loan> loans = Loan.page(status, Page.of(page, size));
        Map<String, KycStatus> kyc = BorrowerKyc.statusesOf(loans.stream().map(l -> l.userId).distinct().toList());
        List<AdminLoan> items = loans.stream()
                .map(l -> new AdminLoan(l, kyc.getOrDefault(l.userId, KycStatus.NONE)))
                .toList();
        return new LoanPage(items, page, size, Loan.count(status));
    }

    /** Approves a requested loan; 409 unless the borrower's projected KYC status is approved. */
    public AdminLoan approve(UUID id, String admin) {
        Loan loan = load(id);
        if (loan.status.canMoveTo(LoanStatus.APPROVED)) {
            // locked until commit: a KYC rejection arriving meanwhile is applied after this approval, not before
            KycStatus kyc = BorrowerKyc.statusOfLocked(loan.userId);
            if (kyc != KycStatus.APPROVED) {
                throw ProblemException.conflict("borrower " + loan.userId + " has no approved KYC (KYC status: "
                        + kyc.wire() + ")");
            }
        }
        decide(() -> loan.approve(admin, now()));
        flush();
        outbox.record(new LoanApproved(loan.id.toString(), loan.userId, Amounts.normalize(loan.amount), admin));
        return new AdminLoan(loan, KycStatus.APPROVED);
    }

    public AdminLoan reject(UUID id, String reason, String admin) {
        Loan loan = load(id);
        decide(() -> loan.reject(reason, admin, now()));
        flush();
        outbox.record(new LoanRejected(loan.id.toString(), loan.userId, Amounts.normalize(loan.amount), reason,
                admin));
        return new AdminLoan(loan, BorrowerKyc.statusOf(loan.userId));
    }

    /**
     * Funds an approved loan; 409 if {@code nftId} or {@code txHash} already funded another loan (the marketplace
     * could not register a second note of one NFT, and one transfer cannot fund two loans). {@code txHash} is
     * compared and stored lower-case.
     */
    public AdminLoan fund(UUID id, String anyCaseTxHash, String nftId) {
        String txHash = anyCaseTxHash.toLowerCase(Locale.ROOT);
        Loan loan = load(id);
        Loan.fundedBy(txHash, nftId, id).ifPresent(other -> {
            throw alreadyFunding(nftId.equals(other.nftId) ? NFT_ID_UNIQUE : TX_HASH_UNIQUE, txHash, nftId);
        });
        decide(() -> loan.fund(txHash, nftId, now()));
        try {
            flush();
        } catch (PersistenceException e) {
            // a concurrent funding with the same NFT or transaction committed after the check above
            throw violatedConstraint(e).map(name -> alreadyFunding(name, txHash, nftId)).orElseThrow(() -> e);
        }
        outbox.record(new LoanFunded(loan.id.toString(), loan.userId, Amounts.normalize(loan.amount), txHash,
                nftId, loan.asset));
        return new AdminLoan(loan, BorrowerKyc.statusOf(loan.userId));
    }

    /** A loan as admins see it: with its borrower's KYC status as projected now. */
    public record AdminLoan(Loan loan, KycStatus borrowerKyc) {
    }

    /** A page of loans, newest first, and the total count matching the filter. */
    public record LoanPage(List<AdminLoan> items, int page, int size, long total) {
    }

    /** What a user asks for; validated by the API layer. */
    public record NewLoan(BigDecimal amount, String asset, String purpose, String collateralAsset,
            BigDecimal collateralAmount) {
    }

    private static Loan load(UUID id) {
        return Loan.<Loan>findByIdOptional(id).orElseThrow(() -> notFound(id));
    }

    private static void decide(Runnable transition) {
        try {
            transition.run();
        } catch (IllegalTransitionException e) {
            throw ProblemException.conflict(e.getMessage());
        }
    }

    /** Surfaces a lost optimistic-lock race here, inside the method, instead of at commit. */
    private static void flush() {
        Loan.flush();
    }

    private static ProblemException alreadyFunding(String constraint, String txHash, String nftId) {
        return ProblemException.conflict(NFT_ID_UNIQUE.equals(constraint)
                ? "nftId " + nftId + " is already the note of another loan"
                : "txHash " + txHash + " already funded another loan");
    }

    /** The unique constraint of V3 that {@code e} violated, if any. */
    private static Optional<String> violatedConstraint(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConstraintViolationException violation
                    && (NFT_ID_UNIQUE.equals(violation.getConstraintName())
                            || TX_HASH_UNIQUE.equals(violation.getConstraintName()))) {
                return Optional.of(violation.getConstraintName());
            }
        }
        return Optional.empty();
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("loan " + id + " not found");
    }

    private Instant now() {
        // PostgreSQL keeps microseconds; truncating keeps responses equal to what a later read returns
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
