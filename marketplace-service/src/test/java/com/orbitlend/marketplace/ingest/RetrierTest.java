package com.orbitlend.marketplace.ingest;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetrierTest {

    private final Retrier retrier = new Retrier(3, Duration.ofMillis(1), Duration.ofMillis(3));

    @Test
    void retriesUntilTheAttemptSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        retrier.run("test", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("database down");
            }
        });
        assertThat(calls).hasValue(3);
    }

    @Test
    void rethrowsTheLastFailureAfterMaxAttempts() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retrier.run("test", () -> {
            throw new IllegalStateException("down " + calls.incrementAndGet());
        })).isInstanceOf(IllegalStateException.class).hasMessage("down 3");
        assertThat(calls).hasValue(3);
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThatThrownBy(() -> new Retrier(0, Duration.ofSeconds(1), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Retrier(1, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
