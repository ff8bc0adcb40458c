package com.orbitlend.events.loan;

import com.orbitlend.events.DomainEvent;
import com.orbitlend.events.Require;

import java.math.BigDecimal;

/**
 * The loan amount was transferred ({@code txHash}) and its loan note minted as an NFT ({@code nftId}).
 * Type {@code orbitlend.loan.funded.v1}. {@code asset} (the loan's currency) was added compatibly: events
 * published before it have none.
 */
public record LoanFunded(String loanId, String userId, BigDecimal amount, String txHash, String nftId, String asset)
        implements DomainEvent {

    public LoanFunded {
        Require.text(loanId, "loanId");
        Require.text(userId, "userId");
        Require.positive(amount, "amount");
        Require.text(txHash, "txHash");
        Require.text(nftId, "nftId");
    }

    @Override
    public String aggregateId() {
        return loanId;
    }
}
