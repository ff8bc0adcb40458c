package com.orbitlend.kit.consumer;

import com.orbitlend.events.InvalidEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventLimitsTest {

    @Test
    void textRefusesWhatPostgresqlCannotStore() throws InvalidEventException {
        assertThat(EventLimits.text("user-1 \uD83D\uDE00", "userId", 255)).isEqualTo("user-1 \uD83D\uDE00");
        assertThatThrownBy(() -> EventLimits.text("a\u0000b", "userId", 255))
                .hasMessage("userId contains a NUL character");
        assertThatThrownBy(() -> EventLimits.text("a\uD800b", "userId", 255))
                .hasMessage("userId contains an unpaired surrogate");
        assertThatThrownBy(() -> EventLimits.text("a\uDC00", "userId", 255))
                .hasMessage("userId contains an unpaired surrogate");
        assertThatThrownBy(() -> EventLimits.text("x".repeat(256), "userId", 255))
                .hasMessage("userId is longer than 255 characters (256)");
        assertThatThrownBy(() -> EventLimits.text(" ", "userId", 255)).hasMessage("userId is required");
        assertThat(EventLimits.optionalText(null, "asset", 16)).isNull();
    }

    @Test
    void timeMustBeWithinYearsOneToNineThousandNineHundredNinetyNine() throws InvalidEventException {
        Instant now = Instant.now();
        assertThat(EventLimits.time(now, "time")).isEqualTo(now);
        assertThat(EventLimits.time(EventLimits.EARLIEST, "time")).isEqualTo(EventLimits.EARLIEST);
        assertThatThrownBy(() -> EventLimits.time(Instant.parse("+300000-01-01T00:00:00Z"), "time"))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("outside years");
        assertThatThrownBy(() -> EventLimits.time(Instant.parse("-0001-01-01T00:00:00Z"), "time"))
                .isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> EventLimits.time(Instant.MIN, "time")).isInstanceOf(InvalidEventException.class);
    }

    @Test
    void amountMustFitTheColumnWithoutRounding() throws InvalidEventException {
        assertThat(EventLimits.amount(new BigDecimal("1500.50"), "amount", 30, 8)).isEqualByComparingTo("1500.5");
        assertThat(EventLimits.amount(new BigDecimal("0.10000000000"), "amount", 30, 8)).isNotNull();
        assertThat(EventLimits.amount(new BigDecimal("1E+29"), "amount", 30, 8)).isNotNull();
        assertThatThrownBy(() -> EventLimits.amount(new BigDecimal("0.000000001"), "amount", 30, 8))
                .hasMessage("amount has more than 8 fraction digits");
        assertThatThrownBy(() -> EventLimits.amount(new BigDecimal("1E+30"), "amount", 30, 8))
                .hasMessage("amount has more than 30 integer digits");
        assertThatThrownBy(() -> EventLimits.amount(new BigDecimal("1e10000"), "amount", 30, 8))
                .hasMessage("amount has more than 30 integer digits");
        assertThatThrownBy(() -> EventLimits.amount(new BigDecimal("1e999999999"), "amount", 30, 8))
                .hasMessage("amount has more than 30 integer digits");
        assertThatThrownBy(() -> EventLimits.amount(new BigDecimal("1e-999999999"), "amount", 30, 8))
                .hasMessage("amount has more than 8 fraction digits");
        assertThatThrownBy(() -> EventLimits.amount(BigDecimal.ZERO, "amount", 30, 8))
                .hasMessage("amount must be positive");
    }

    @Test
    void recordsAreDecodedStrictly() throws InvalidEventException {
        RecordText text = RecordText.of(record("k".getBytes(StandardCharsets.UTF_8),
                "{\"a\":\"\u00e9\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(text.key()).isEqualTo("k");
        assertThat(text.value()).isEqualTo("{\"a\":\"\u00e9\"}");
        assertThat(RecordText.of(record(null, new byte[] { '{', '}' })).key()).isNull();

        assertThatThrownBy(() -> RecordText.of(record(new byte[] { 'k' }, new byte[] { '"', (byte) 0xc3, '"' })))
                .hasMessage("Record value is not valid UTF-8");
        assertThatThrownBy(() -> RecordText.of(record(new byte[] { (byte) 0xff }, new byte[] { '{', '}' })))
                .hasMessage("Record key is not valid UTF-8");
        // an encoded surrogate (CESU-8 style) is not UTF-8 either
        assertThatThrownBy(() -> RecordText.of(record(null, new byte[] { (byte) 0xed, (byte) 0xa0, (byte) 0x80 })))
                .hasMessage("Record value is not valid UTF-8");
        assertThatThrownBy(() -> RecordText.of(record(new byte[] { 'k' }, null)))
                .hasMessageContaining("tombstone");
    }

    private static ConsumerRecord<byte[], byte[]> record(byte[] key, byte[] value) {
        return new ConsumerRecord<>("t", 0, 0L, key, value);
    }
}
