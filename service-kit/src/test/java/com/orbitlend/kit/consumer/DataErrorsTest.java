package com.orbitlend.kit.consumer;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataErrorsTest {

    @Test
    void dataAndConstraintErrorsAreTheDatas() {
        assertThat(DataErrors.isDataError(wrapped("22008", "timestamp out of range"))).isTrue();
        assertThat(DataErrors.isDataError(wrapped("22021", "invalid byte sequence for encoding"))).isTrue();
        assertThat(DataErrors.isDataError(wrapped("23505", "duplicate key"))).isTrue();
        assertThat(DataErrors.isDataError(wrapped("23514", "check constraint"))).isTrue();
    }

    @Test
    void everythingElseIsTransient() {
        assertThat(DataErrors.isDataError(wrapped("08006", "connection failure"))).isFalse();
        assertThat(DataErrors.isDataError(wrapped("57P01", "terminating connection"))).isFalse();
        assertThat(DataErrors.isDataError(wrapped("40001", "could not serialize"))).isFalse();
        assertThat(DataErrors.isDataError(wrapped(null, "Sorry, acquisition timeout!"))).isFalse();
        assertThat(DataErrors.isDataError(new IllegalStateException("no SQL at all"))).isFalse();
    }

    @Test
    void aDataErrorIsTriedOnceMoreThenReported() {
        AtomicInteger runs = new AtomicInteger();
        Optional<String> reason = DataErrors.attempt(() -> {
            runs.incrementAndGet();
            throw wrapped("22008", "timestamp out of range\n  Where: parameter $1 = '...'");
        });
        assertThat(runs).hasValue(2);
        assertThat(reason).hasValue("SQLState 22008: timestamp out of range");
    }

    @Test
    void aDataErrorGoneOnTheSecondAttemptIsNoFailure() {
        AtomicInteger runs = new AtomicInteger();
        Optional<String> reason = DataErrors.attempt(() -> {
            if (runs.incrementAndGet() == 1) {
                throw wrapped("23505", "duplicate key value violates unique constraint");
            }
        });
        assertThat(reason).isEmpty();
        assertThat(runs).hasValue(2);
    }

    @Test
    void aTransientFailurePropagatesAtOnce() {
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> DataErrors.attempt(() -> {
            runs.incrementAndGet();
            throw wrapped("08006", "connection failure");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(runs).hasValue(1);
    }

    private static RuntimeException wrapped(String sqlState, String message) {
        return new IllegalStateException("persistence failed",
                new RuntimeException("could not execute statement", new SQLException(message, sqlState)));
    }
}
