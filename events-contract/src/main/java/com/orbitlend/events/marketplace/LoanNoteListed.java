package com.orbitlend.events.marketplace;

import com.orbitlend.events.DomainEvent;
import com.orbitlend.events.Require;

import java.math.BigDecimal;

/** The owner of a loan note listed it for sale. Type {@code orbitlend.marketplace.listed.v1}, key = loan id. */
public record LoanNoteListed(String loanId, String nftId, String sellerId, BigDecimal price, String asset)
        implements DomainEvent {

    public LoanNoteListed {
        Require.text(loanId, "loanId");
        Require.text(nftId, "nftId");
        Require.text(sellerId, "sellerId");
        Require.positive(price, "price");
        Require.text(asset, "asset");
    }

    @Override
    public String aggregateId() {
        return loanId;
    }
}
