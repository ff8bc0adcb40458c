package com.orbitlend.kyc.db;

import org.hibernate.exception.ConstraintViolationException;

/** Recognises a failed insert or update caused by a database constraint (e.g. a unique index). */
public final class UniqueViolation {

    private UniqueViolation() {
    }

    /** Whether {@code e} or one of its causes is a constraint violation reported by the database. */
    public static boolean isCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException) {
                return true;
            }
        }
        return false;
    }
}
