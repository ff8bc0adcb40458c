package com.orbitlend.events.loan;

import com.orbitlend.events.Require;

import java.math.BigDecimal;

/** Crypto collateral pledged for a loan. */
public record Collateral(String asset, BigDecimal amount) {

    public Collateral {
        Require.text(asset, "collateral.asset");
        Require.positive(amount, "collateral.amount");
    }
}
