package com.orbitlend.events;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

/**
 * A parser for the one form of instant the contract's producers write, {@code yyyy-MM-ddTHH:mm:ss[.fffffffff]Z}
 * (what {@link Instant#toString()} writes for years 0 to 9999). Every notification carries two instants, and
 * {@code DateTimeFormatter}'s general parser costs a few microseconds each on the gateway's per-record path; this
 * one reads the fixed positions directly. It answers {@code null} for anything else (another offset, lower-case
 * letters, a leap second, an invalid date, spaces, more digits), and the caller then uses the general parser, so the
 * accepted values and the error messages stay exactly those of {@link Instant#parse}.
 */
public final class IsoInstants {

    private static final int[] SCALE = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private IsoInstants() {
    }

    /** The instant {@code text} denotes if it has exactly the strict UTC form above, else {@code null}. */
    public static Instant parseUtc(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z'
                || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        if (day > 28 && day > Month.of(month).length(Year.isLeap(year))) {
            return null;
        }
        int nano = 0;
        if (length > 20) {
            int fractionDigits = length - 21;
            if (text.charAt(19) != '.' || fractionDigits < 1) {
                return null;
            }
            int fraction = digits(text, 20, fractionDigits);
            if (fraction < 0) {
                return null;
            }
            nano = fraction * SCALE[9 - fractionDigits];
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nano);
    }

    /** The value of {@code count} ASCII digits at {@code from}, or -1 if any character is not one. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
