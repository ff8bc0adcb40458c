package com.orbitlend.marketplace.service;

import com.orbitlend.events.marketplace.LoanNoteListed;
import com.orbitlend.events.marketplace.LoanNoteTransferred;
import com.orbitlend.events.marketplace.LoanNoteWithdrawn;
import com.orbitlend.events.marketplace.RepaymentRecorded;
import com.orbitlend.kit.money.Amounts;
import com.orbitlend.kit.outbox.Outbox;
import com.orbitlend.kit.problem.ProblemException;
import com.orbitlend.marketplace.config.MarketplaceConfig;
import com.orbitlend.marketplace.domain.LoanNote;
import com.orbitlend.marketplace.domain.NoteConflictException;
import com.orbitlend.marketplace.domain.NotPermittedException;
import com.orbitlend.marketplace.domain.Repayment;
import io.quarkus.panache.common.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

/**
 * The marketplace use cases. Each change and its domain event commit in one transaction (the outbox); a failed
 * change records no event. A listing that ends without a sale (withdrawn, or ended by the last repayment)
 * records {@link LoanNoteWithdrawn}. Concurrent changes of one note (two buyers) are settled by optimistic locking: the
 * loser's flush fails with an OptimisticLockException, answered 409.
 */
@ApplicationScoped
@Transactional
public class MarketplaceService {

    private final Outbox outbox;
    private final MarketplaceConfig config;
    private final Clock clock = Clock.systemUTC();

    MarketplaceService(Outbox outbox, MarketplaceConfig config) {
        this.outbox = outbox;
        this.config = config;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public NotePage listings(int page, int size) {
        return new NotePage(LoanNote.listed(Page.of(page, size)), page, size, LoanNote.countListed());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public NotePage ownedBy(Caller caller, int page, int size) {
        String owner = caller.party(config.treasuryOwner());
        return new NotePage(LoanNote.ownedBy(owner, Page.of(page, size)), page, size,
                LoanNote.countOwnedBy(owner));
    }

    /** Any note: its market data is public. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public LoanNote note(String nftId) {
        return load(nftId);
    }

    public LoanNote list(String nftId, BigDecimal price, Caller caller) {
        LoanNote note = load(nftId);
        apply(() -> note.list(caller.party(config.treasuryOwner()), Amounts.normalize(price), now()));
        flush();
        outbox.record(new LoanNoteListed(note.loanId, note.nftId, note.ownerId, Amounts.normalize(note.price),
                note.asset));
        return note;
    }

    public void withdraw(String nftId, Caller caller) {
        LoanNote note = load(nftId);
        apply(() -> note.withdraw(caller.party(config.treasuryOwner()), now()));
        flush();
        outbox.record(new LoanNoteWithdrawn(note.loanId, note.nftId, note.ownerId));
    }

    public LoanNote purchase(String nftId, Caller caller) {
        LoanNote note = load(nftId);
        LoanNote.Sale sale = apply(() -> note.purchase(caller.party(config.treasuryOwner()), now()));
        flush();
        outbox.record(new LoanNoteTransferred(note.loanId, note.nftId, sale.sellerId(), sale.buyerId(),
                Amounts.normalize(sale.price()), note.asset));
        return note;
    }

    public Repayment repay(String loanId, BigDecimal amount, Caller caller) {
        LoanNote note = LoanNote.findByLoan(loanId)
                .orElseThrow(() -> ProblemException.notFound("no loan note for loan " + loanId));
        BigDecimal paid = Amounts.normalize(amount);
        Instant now = now();
        boolean listingEnded = apply(() -> note.repay(caller.subject(), paid, now));
        flush();
        Repayment repayment = Repayment.of(note, paid, now);
        repayment.persist();
        outbox.record(new RepaymentRecorded(note.loanId, note.nftId, note.borrowerId, repayment.creditedOwner,
                paid, Amounts.normalize(note.outstanding)));
        if (listingEnded) {
            // market watchers drop the listing as they do after a withdrawal
            outbox.record(new LoanNoteWithdrawn(note.loanId, note.nftId, note.ownerId));
        }
        return repayment;
    }

    private static LoanNote load(String nftId) {
        return LoanNote.findByNft(nftId).orElseThrow(() -> ProblemException.notFound("note " + nftId + " not found"));
    }

    private static void apply(Runnable change) {
        apply(() -> {
            change.run();
            return null;
        });
    }

    private static <T> T apply(Supplier<T> change) {
        try {
            return change.get();
        } catch (NoteConflictException e) {
            throw ProblemException.conflict(e.getMessage());
        } catch (NotPermittedException e) {
            throw new ProblemException(403, "Forbidden", e.getMessage());
        }
    }

    /** Surfaces a lost optimistic-lock race here, inside the method, instead of at commit. */
    private static void flush() {
        LoanNote.flush();
    }

    private Instant now() {
        // PostgreSQL keeps microseconds; truncating keeps responses equal to what a later read returns
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
