package com.orbitlend.kit.money;

import java.math.BigDecimal;

/** Canonical form of money amounts: no trailing zeros, never an exponent (1E+3 becomes 1000). */
public final class Amounts {

    private Amounts() {
    }

    /** The canonical form of {@code amount}; null stays null (e.g. the price of a note not for sale). */
    public static BigDecimal normalize(BigDecimal amount) {
        if (amount == null) {
            return null;
        }
        BigDecimal stripped = amount.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
