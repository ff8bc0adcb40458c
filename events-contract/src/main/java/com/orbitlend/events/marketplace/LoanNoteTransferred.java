package com.orbitlend.events.marketplace;

import com.orbitlend.events.DomainEvent;
import com.orbitlend.events.Require;

import java.math.BigDecimal;

/** A buyer bought a listed loan note. Type {@code orbitlend.marketplace.ownership_transferred.v1}. */
public record LoanNoteTransferred(String loanId, String nftId, String sellerId, String buyerId, BigDecimal price,
        String asset) implements DomainEvent {

    public LoanNoteTransferred {
        Require.text(loanId, "loanId");
        Require.text(nftId, "nftId");
        Require.text(sellerId, "sellerId");
        Require.text(buyerId, "buyerId");
        Require.positive(price, "price");
    }

    @Override
    public String aggregateId() {
        return loanId;
    }
}
