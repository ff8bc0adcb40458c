package com.orbitlend.events;

import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class IsoInstantsTest {

    /** The contract's mapper without the fast path: what the fast path must agree with. */
    private static final ObjectMapper GENERAL = JsonMapper.builder().addModule(new JavaTimeModule()).build();

    @Test
    void readsEveryStrictUtcInstantAsInstantParseDoes() {
        SplittableRandom random = new SplittableRandom(20261206);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(min, max + 1), nanos(random));
            String text = instant.toString();
            assertThat(IsoInstants.parseUtc(text)).as(text).isEqualTo(Instant.parse(text));
        }
        for (String text : List.of("0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2024-02-29T12:00:00Z",
                "2000-02-29T00:00:00.1Z", "1970-01-01T00:00:00Z", "2026-12-06T01:02:03.000000001Z",
                "2026-12-06T01:02:03.120Z")) {
            assertThat(IsoInstants.parseUtc(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void leavesEveryOtherFormToTheGeneralParser() {
        List<String> others = List.of(
                "2026-12-06T01:02:03+00:00", "2026-12-06T01:02:03.5+01:00", "2026-12-06t01:02:03z",
                "2026-12-06T01:02:03z", " 2026-12-06T01:02:03Z", "2026-12-06T01:02:03Z ", "2026-12-06 01:02:03Z",
                "2026-12-06T01:02:03.Z", "2026-12-06T01:02:03.1234567890Z", "+10000-01-01T00:00:00Z",
                "-0001-01-01T00:00:00Z", "2026-12-06T23:59:60Z", "2026-12-06T24:00:00Z", "2026-13-01T00:00:00Z",
                "2026-00-01T00:00:00Z", "2026-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
                "2026-12-00T00:00:00Z", "2026-12-06T01:60:00Z", "2026-12-06T01:02:60Z", "2026-1２-06T01:02:03Z",
                "2026-12-06T01:02:03", "2026-12-06", "1765000000", "", "Z", "2026-12-06T01:02:0xZ",
                "2026-12-06T01:02:03.12a4Z", "2026/12/06T01:02:03Z");
        for (String text : others) {
            assertThat(IsoInstants.parseUtc(text)).as(text).isNull();
        }
    }

    @Test
    void theContractsMapperReadsAndRefusesExactlyWhatTheGeneralDeserializerDoes() throws Exception {
        List<String> inputs = List.of("\"2026-12-06T01:02:03Z\"", "\"2026-12-06T01:02:03.123456789Z\"",
                "\"2026-12-06T01:02:03+02:00\"", "\"2026-12-06t01:02:03z\"", "\"2026-12-06T23:59:60Z\"",
                "\"2026-02-29T00:00:00Z\"", "\"2026-12-06T24:00:00Z\"", "\" 2026-12-06T01:02:03Z \"",
                "\"+10000-01-01T00:00:00Z\"", "\"-0001-01-01T00:00:00Z\"", "\"\"", "\"soon\"", "1765000000",
                "1765000000.5", "\"1765000000\"", "null", "true", "[]", "{}");
        for (String json : inputs) {
            Object expected = outcome(GENERAL, json);
            Object actual = outcome(EventJson.mapper(), json);
            assertThat(actual).as(json).isEqualTo(expected);
        }
    }

    @Test
    void theContractsMapperReadsInstantsThroughTheFastPath() throws Exception {
        DeserializationContext context = ((DefaultDeserializationContext) EventJson.mapper().getDeserializationContext())
                .createInstance(EventJson.mapper().getDeserializationConfig(), null, null);

        JsonDeserializer<?> deserializer = context.findRootValueDeserializer(
                EventJson.mapper().constructType(Instant.class));

        assertThat(deserializer.getClass().getSimpleName()).isEqualTo("InstantFastPath");
    }

    /** The instant read, or the kind of failure. */
    private static Object outcome(ObjectMapper mapper, String json) {
        try {
            return mapper.readValue(json, Instant.class);
        } catch (Exception e) {
            return e.getClass().getSimpleName()
                    + (e.getCause() instanceof DateTimeParseException ? " (DateTimeParseException)" : "");
        }
    }

    private static int nanos(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
        };
    }
}
