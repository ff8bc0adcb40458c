package com.orbitlend.kit.consumer;

import java.sql.SQLException;
import java.util.Optional;

/**
 * Tells a database failure caused by the data being written from one caused by the database's state, so a
 * consumer dead-letters the first and retries the second.
 *
 * <ul>
 * <li>Data: SQLState class 22 (data exception: value out of range, too long, invalid encoding, NUL) or 23
 * (integrity constraint violation). Writing the same record again fails the same way.
 * <li>Anything else is transient: connection errors (class 08), shutdown (57P), serialization failures and
 * deadlocks (40), pool timeouts without an SQLState, and failures that are no SQL errors at all. Retrying is
 * the safe default: a mistake here delays a record, the opposite mistake would lose it.
 * </ul>
 */
public final class DataErrors {

    /** Some work that may throw the checked exception {@code E} besides database failures. */
    @FunctionalInterface
    public interface Work<E extends Exception> {
        void run() throws E;
    }

    private DataErrors() {
    }

    /** Whether {@code failure} (or a cause) is a database error caused by the data written. */
    public static boolean isDataError(Throwable failure) {
        return dataErrorOf(failure).isPresent();
    }

    /**
     * Runs {@code work}, a transaction of its own, whose data the edge checks already accepted. A data error is
     * tried once more (a concurrent writer, e.g. a consumer of the previous partition owner, may have caused a
     * unique violation that the second attempt sees as an existing row); if it persists, the returned reason
     * says why the database refused the record, which the caller dead-letters. Any other failure propagates.
     *
     * @return empty if the work committed, else the database's reason
     */
    public static <E extends Exception> Optional<String> attempt(Work<E> work) throws E {
        for (int attempt = 1; ; attempt++) {
            try {
                work.run();
                return Optional.empty();
            } catch (RuntimeException e) {
                Optional<SQLException> data = dataErrorOf(e);
                if (data.isEmpty()) {
                    throw e;
                }
                if (attempt >= 2) {
                    return Optional.of(describe(data.get()));
                }
            }
        }
    }

    /** "SQLState 22008: timestamp out of range", without the statement or its parameters. */
    static String describe(SQLException e) {
        String message = String.valueOf(e.getMessage());
        int detail = message.indexOf('\n');
        if (detail >= 0) {
            message = message.substring(0, detail);
        }
        return "SQLState " + e.getSQLState() + ": " + message;
    }

    private static Optional<SQLException> dataErrorOf(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 50; t = t.getCause(), depth++) {
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    String state = s.getSQLState();
                    if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                        return Optional.of(s);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
