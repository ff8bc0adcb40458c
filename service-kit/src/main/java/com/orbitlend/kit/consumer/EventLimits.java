package com.orbitlend.kit.consumer;

import com.orbitlend.events.InvalidEventException;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Edge checks of values a consumer is about to store: everything PostgreSQL or a column would refuse is refused
 * here first, with a reason for the dead letter, instead of failing the consumer's transaction. The contract
 * records already check presence and sign; these add what the database imposes.
 */
public final class EventLimits {

    /** Earliest and latest event time accepted: the RFC 3339 years 0001..9999 (PostgreSQL holds far less than
     * {@link Instant}'s range, and a CloudEvents time is RFC 3339). */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private EventLimits() {
    }

    /**
     * A required text of at most {@code maxLength} characters that PostgreSQL can store: no NUL character (text
     * columns refuse it) and no unpaired surrogate (not encodable as UTF-8).
     */
    public static String text(String value, String name, int maxLength) throws InvalidEventException {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException(name + " is required");
        }
        return optionalText(value, name, maxLength);
    }

    /** As {@link #text}, but null is allowed. */
    public static String optionalText(String value, String name, int maxLength) throws InvalidEventException {
        if (value == null) {
            return null;
        }
        if (value.length() > maxLength) {
            throw new InvalidEventException(name + " is longer than " + maxLength + " characters ("
                    + value.length() + ")");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0000') {
                throw new InvalidEventException(name + " contains a NUL character");
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidEventException(name + " contains an unpaired surrogate");
            }
        }
        return value;
    }

    /** An event time PostgreSQL's timestamptz holds: within years 0001..9999. */
    public static Instant time(Instant value, String name) throws InvalidEventException {
        if (value == null) {
            throw new InvalidEventException(name + " is required");
        }
        if (value.isBefore(EARLIEST) || value.isAfter(LATEST)) {
            throw new InvalidEventException(name + " " + value + " is outside years 0001..9999");
        }
        return value;
    }

    /**
     * A positive amount a {@code NUMERIC(integerDigits + fractionDigits, fractionDigits)} column stores exactly:
     * at most {@code fractionDigits} significant fraction digits (more would be rounded silently) and at most
     * {@code integerDigits} integer digits (more overflow). Checked on precision and scale only, so an amount like
     * {@code 1e999999999} is refused without ever being expanded.
     */
    public static BigDecimal amount(BigDecimal value, String name, int integerDigits, int fractionDigits)
            throws InvalidEventException {
        if (value == null || value.signum() <= 0) {
            throw new InvalidEventException(name + " must be positive");
        }
        // integer digits = precision - scale; long arithmetic: scale may be near Integer.MIN_VALUE
        if ((long) value.precision() - value.scale() > integerDigits) {
            throw new InvalidEventException(name + " has more than " + integerDigits + " integer digits");
        }
        if (value.scale() > fractionDigits && value.stripTrailingZeros().scale() > fractionDigits) {
            throw new InvalidEventException(name + " has more than " + fractionDigits + " fraction digits");
        }
        return value;
    }
}
