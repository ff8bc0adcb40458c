package com.orbitlend.events;

import com.orbitlend.events.loan.Collateral;
import com.orbitlend.events.loan.LoanFunded;
import com.orbitlend.events.loan.LoanRequested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventJsonTest {

    private static final Instant TIME = Instant.parse("2026-11-25T10:15:30.123Z");

    @Test
    void roundTripsACloudEventWithItsTypedPayload() throws Exception {
        LoanRequested requested = new LoanRequested("L-1", "alice", new BigDecimal("1500.00"), "USDC", "rent",
                new Collateral("ETH", new BigDecimal("0.75")));
        CloudEvent event = CloudEvent.wrap("/orbitlend/loan-service", requested, TIME);

        String json = EventJson.write(event);
        CloudEvent parsed = EventJson.readEvent(json);

        assertThat(parsed).isEqualTo(event);
        assertThat(parsed.type()).isEqualTo("orbitlend.loan.requested.v1");
        assertThat(parsed.subject()).isEqualTo("L-1");
        assertThat(json).contains("\"time\":\"2026-11-25T10:15:30.123Z\"").contains("\"specversion\":\"1.0\"");
        assertThat(EventJson.payload(parsed)).isEqualTo(requested);
    }

    @Test
    void keepsDecimalsExact() throws Exception {
        LoanFunded funded = new LoanFunded("L-2", "bob", new BigDecimal("0.10000001"), "0x" + "a".repeat(64), "nft-7",
                "USDC");
        CloudEvent parsed = EventJson.readEvent(EventJson.write(CloudEvent.wrap("/t", funded, TIME)));

        assertThat(((LoanFunded) EventJson.payload(parsed)).amount()).isEqualByComparingTo("0.10000001");
    }

    @Test
    void ignoresUnknownFieldsForForwardCompatibility() throws Exception {
        String json = """
                {"specversion":"1.0","id":"e1","source":"/x","type":"orbitlend.loan.approved.v1","subject":"L-3",
                 "time":"2026-11-25T10:15:30Z","newAttribute":true,
                 "data":{"loanId":"L-3","userId":"carol","amount":10,"approvedBy":"admin","futureField":1}}
                """;
        assertThat(EventJson.payload(EventJson.readEvent(json))).hasFieldOrPropertyWithValue("userId", "carol");
    }

    @Test
    void readsEventsPublishedBeforeAFieldWasAdded() throws Exception {
        String beforeAsset = """
                {"specversion":"1.0","id":"e1","source":"/x","type":"orbitlend.loan.funded.v1","subject":"L-4",
                 "time":"2026-11-25T10:15:30Z",
                 "data":{"loanId":"L-4","userId":"dan","amount":5,"txHash":"0x1","nftId":"n-4"}}
                """;
        LoanFunded funded = (LoanFunded) EventJson.payload(EventJson.readEvent(beforeAsset));
        assertThat(funded.asset()).isNull();
        assertThat(funded.nftId()).isEqualTo("n-4");
    }

    @Test
    void rejectsNonEventsWithAReason() {
        assertThatThrownBy(() -> EventJson.readEvent("not json")).isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> EventJson.readEvent("{\"id\":\"x\"}"))
                .isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> EventJson.readEvent("""
                {"specversion":"1.0","id":"e1","source":"/x","type":"t","time":"2026-11-25T10:15:30Z","data":{}}"""))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("subject");
    }

    @Test
    void rejectsUnknownTypesAndInvalidPayloads() throws Exception {
        CloudEvent unknown = EventJson.readEvent("""
                {"specversion":"1.0","id":"e1","source":"/x","type":"orbitlend.loan.exploded.v1","subject":"L",
                 "time":"2026-11-25T10:15:30Z","data":{}}""");
        assertThatThrownBy(() -> EventJson.payload(unknown))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("Unknown event type");

        CloudEvent negative = EventJson.readEvent("""
                {"specversion":"1.0","id":"e1","source":"/x","type":"orbitlend.loan.approved.v1","subject":"L",
                 "time":"2026-11-25T10:15:30Z","data":{"loanId":"L","userId":"u","amount":-5}}""");
        assertThatThrownBy(() -> EventJson.payload(negative))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("amount must be positive");
    }

    @Test
    void everyEventTypeIsUniqueAndVersioned() {
        assertThat(EventType.values()).extracting(EventType::type).doesNotHaveDuplicates()
                .allMatch(t -> t.matches("orbitlend\\.[a-z]+\\.[a-z_]+\\.v\\d+"));
        assertThat(EventType.fromType("orbitlend.loan.funded.v1")).contains(EventType.LOAN_FUNDED);
    }
}
