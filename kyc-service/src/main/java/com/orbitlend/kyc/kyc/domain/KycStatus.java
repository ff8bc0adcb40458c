package com.orbitlend.kyc.kyc.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The KYC lifecycle: submitted -> approved | rejected; both are final (a rejected user submits anew). */
public enum KycStatus {

    SUBMITTED, APPROVED, REJECTED;

    /** Lower-case name used in the API and the database. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<KycStatus> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst();
    }

    /** The statuses this one may move to. */
    public Set<KycStatus> next() {
        return switch (this) {
            case SUBMITTED -> Set.of(APPROVED, REJECTED);
            case APPROVED, REJECTED -> Set.of();
        };
    }

    public boolean canMoveTo(KycStatus target) {
        return next().contains(target);
    }
}
