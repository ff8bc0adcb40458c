package com.orbitlend.events.notification;

import com.orbitlend.events.Require;

import java.math.BigDecimal;
import java.time.Instant;

/** Payload of {@code loan:funded}. */
public record LoanFundedData(String loanId, String userId, String txHash, String nftId, BigDecimal amount,
        Instant timestamp) {

    public LoanFundedData {
        Require.text(loanId, "loanId");
        Require.text(userId, "userId");
        Require.text(txHash, "txHash");
        Require.text(nftId, "nftId");
        Require.present(timestamp, "timestamp");
    }
}
