package com.orbitlend.kit.money;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class AmountsTest {

    @Test
    void stripsTrailingZerosWithoutExponent() {
        assertThat(Amounts.normalize(new BigDecimal("1000.00000000")).toString()).isEqualTo("1000");
        assertThat(Amounts.normalize(new BigDecimal("1E+3")).toString()).isEqualTo("1000");
        assertThat(Amounts.normalize(new BigDecimal("950.50")).toString()).isEqualTo("950.5");
        assertThat(Amounts.normalize(new BigDecimal("0.00000001")).toPlainString()).isEqualTo("0.00000001");
    }

    @Test
    void nullStaysNull() {
        assertThat(Amounts.normalize(null)).isNull();
    }
}
