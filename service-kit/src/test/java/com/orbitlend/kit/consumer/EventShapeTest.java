package com.orbitlend.kit.consumer;

import com.orbitlend.events.CloudEvent;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.InvalidEventException;
import com.orbitlend.events.loan.LoanFunded;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventShapeTest {

    private final String funded = EventJson.write(CloudEvent.wrap("/orbitlend/loan-service",
            new LoanFunded("loan-1", "user-1", new BigDecimal("10.5"), "0xab", "nft-1", "USDC"), Instant.now()));

    @Test
    void aWellTypedEventIsRead() throws InvalidEventException {
        CloudEvent event = EventShape.read(funded);
        assertThat(EventShape.payload(event)).isEqualTo(
                new LoanFunded("loan-1", "user-1", new BigDecimal("10.5"), "0xab", "nft-1", "USDC"));
    }

    @Test
    void wrongJsonTypesAreRefusedWhereTheMapperWouldCoerce() {
        assertThatThrownBy(() -> EventShape.payload(EventShape.read(funded.replace("\"nft-1\"", "1e10000"))))
                .hasMessage("Invalid payload for orbitlend.loan.funded.v1: nftId must be a JSON string");
        assertThatThrownBy(() -> EventShape.payload(EventShape.read(funded.replace("10.5", "\"10.5\""))))
                .hasMessage("Invalid payload for orbitlend.loan.funded.v1: amount must be a JSON number");
        String time = funded.replaceAll("\"time\":\"[^\"]+\"", "\"time\":1e10000");
        assertThatThrownBy(() -> EventShape.read(time))
                .hasMessage("Not a valid CloudEvent: time must be a JSON string");
        assertThatThrownBy(() -> EventShape.read(funded.replaceAll("\"data\":\\{.*}}$", "\"data\":[]}")))
                .hasMessage("Not a valid CloudEvent: data must be a JSON object");
    }

    @Test
    void garbageIsNoCloudEvent() {
        for (String value : new String[] { "", "null", "[]", "42", "\"x\"", "{not json", "\u0000" }) {
            assertThatThrownBy(() -> EventShape.read(value)).as(value).isInstanceOf(InvalidEventException.class)
                    .hasMessageStartingWith("Not a valid CloudEvent");
        }
    }

    @Test
    void deepNestingFailsAsAnInvalidRecord() {
        String deep = funded.replace("\"asset\":\"USDC\"",
                "\"asset\":\"USDC\",\"extra\":" + "[".repeat(10_000) + "]".repeat(10_000));
        assertThatThrownBy(() -> EventShape.read(deep)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("nesting depth");
    }
}
