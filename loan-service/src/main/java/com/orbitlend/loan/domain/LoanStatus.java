package com.orbitlend.loan.domain;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/** The loan lifecycle: requested -> approved | rejected; approved -> funded. */
public enum LoanStatus {

    REQUESTED, APPROVED, REJECTED, FUNDED;

    /** Lower-case name used in the API, the database and events. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<LoanStatus> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst();
    }

    /** The statuses this one may move to. */
    public Set<LoanStatus> next() {
        return switch (this) {
            case REQUESTED -> Set.of(APPROVED, REJECTED);
            case APPROVED -> Set.of(FUNDED);
            case REJECTED, FUNDED -> Set.of();
        };
    }

    public boolean canMoveTo(LoanStatus target) {
        return next().contains(target);
    }
}
