package com.orbitlend.events.marketplace;

import com.orbitlend.events.DomainEvent;
import com.orbitlend.events.Require;

/**
 * The owner withdrew a listing: the note is no longer for sale.
 * Type {@code orbitlend.marketplace.listing_withdrawn.v1}, key = loan id.
 */
public record LoanNoteWithdrawn(String loanId, String nftId, String sellerId) implements DomainEvent {

    public LoanNoteWithdrawn {
        Require.text(loanId, "loanId");
        Require.text(nftId, "nftId");
        Require.text(sellerId, "sellerId");
    }

    @Override
    public String aggregateId() {
        return loanId;
    }
}
