package com.orbitlend.loan.kyc;

import java.util.Locale;

/** A borrower's KYC status as loan-service knows it from the KYC events; {@link #NONE} is never stored. */
public enum KycStatus {

    /** No KYC event for this borrower has arrived. */
    NONE,
    SUBMITTED,
    APPROVED,
    REJECTED;

    /** Lower-case name used in the API and the database. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
