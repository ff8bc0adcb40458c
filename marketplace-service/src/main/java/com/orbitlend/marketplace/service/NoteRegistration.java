package com.orbitlend.marketplace.service;

import com.orbitlend.events.loan.LoanFunded;
import com.orbitlend.kit.inbox.Inbox;
import com.orbitlend.kit.money.Amounts;
import com.orbitlend.marketplace.config.MarketplaceConfig;
import com.orbitlend.marketplace.domain.LoanNote;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Mints the loan note of a funded loan to the treasury. Idempotent twice over: by event id (the inbox row is
 * written in the same transaction as the note) and by loan id (a second funding event of one loan is ignored).
 */
@ApplicationScoped
public class NoteRegistration {

    /** Inbox consumer name of the loan events. */
    public static final String CONSUMER = "marketplace-service.loan-events";

    private static final Logger LOG = Logger.getLogger(NoteRegistration.class);

    /** What became of a funding event. */
    public enum Outcome { REGISTERED, REDELIVERED, ALREADY_REGISTERED }

    private final Inbox inbox;
    private final MarketplaceConfig config;
    private final Clock clock = Clock.systemUTC();

    NoteRegistration(Inbox inbox, MarketplaceConfig config) {
        this.inbox = inbox;
        this.config = config;
    }

    /**
     * @throws ConflictingEventException if the event's NFT already belongs to another loan (permanent: the
     *         event contradicts what is registered, retrying cannot help)
     */
    @Transactional(rollbackOn = ConflictingEventException.class)
    public Outcome register(String eventId, LoanFunded funded) throws ConflictingEventException {
        if (!inbox.firstDelivery(CONSUMER, eventId)) {
            return Outcome.REDELIVERED;
        }
        if (LoanNote.findByLoan(funded.loanId()).isPresent()) {
            LOG.infof("Loan %s already has its note; funding event %s ignored", funded.loanId(), eventId);
            return Outcome.ALREADY_REGISTERED;
        }
        Optional<LoanNote> sameNft = LoanNote.findByNft(funded.nftId());
        if (sameNft.isPresent()) {
            throw new ConflictingEventException("NFT " + funded.nftId() + " is already the note of loan "
                    + sameNft.get().loanId + ", not of loan " + funded.loanId());
        }
        LoanNote.register(funded.loanId(), funded.nftId(), funded.userId(), config.treasuryOwner(),
                Amounts.normalize(funded.amount()), assetOf(funded),
                clock.instant().truncatedTo(ChronoUnit.MICROS)).persist();
        // a refused write fails here, inside the transaction, rather than at its commit
        LoanNote.flush();
        return Outcome.REGISTERED;
    }

    /** The loan's asset; events published before LoanFunded carried it have none: the configured default. */
    private String assetOf(LoanFunded funded) {
        return funded.asset() == null ? config.defaultAsset() : funded.asset();
    }
}
