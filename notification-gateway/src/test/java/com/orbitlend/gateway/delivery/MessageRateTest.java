package com.orbitlend.gateway.delivery;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageRateTest {

    @Test
    void allowsABurstThenTheAverageRate() {
        long now = 1_000_000_000L;
        MessageRate rate = new MessageRate(10, 3, now);
        assertThat(rate.tryTake(now)).isTrue();
        assertThat(rate.tryTake(now)).isTrue();
        assertThat(rate.tryTake(now)).isTrue();
        assertThat(rate.tryTake(now)).isFalse();

        now += 100_000_000L; // 0.1 s at 10/s: one more
        assertThat(rate.tryTake(now)).isTrue();
        assertThat(rate.tryTake(now)).isFalse();

        now += 10_000_000_000L; // a long pause refills the burst, no more
        for (int i = 0; i < 3; i++) {
            assertThat(rate.tryTake(now)).isTrue();
        }
        assertThat(rate.tryTake(now)).isFalse();
    }
}
