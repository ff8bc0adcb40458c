package com.orbitlend.marketplace.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The loan note lifecycle: held -> listed (list) | repaid (last repayment); listed -> held (withdraw, purchase)
 * | repaid (last repayment while listed); repaid is final.
 */
public enum NoteStatus {

    HELD, LISTED, REPAID;

    /** Lower-case name used in the API and the database. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<NoteStatus> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst();
    }

    /** The statuses this one may move to. */
    public Set<NoteStatus> next() {
        return switch (this) {
            case HELD -> Set.of(LISTED, REPAID);
            case LISTED -> Set.of(HELD, REPAID);
            case REPAID -> Set.of();
        };
    }

    public boolean canMoveTo(NoteStatus target) {
        return next().contains(target);
    }
}
