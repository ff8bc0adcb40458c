package com.orbitlend.loan.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static com.orbitlend.loan.domain.LoanStatus.APPROVED;
import static com.orbitlend.loan.domain.LoanStatus.FUNDED;
import static com.orbitlend.loan.domain.LoanStatus.REJECTED;
import static com.orbitlend.loan.domain.LoanStatus.REQUESTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoanStatusTest {

    private static final Map<LoanStatus, Set<LoanStatus>> LEGAL = Map.of(
            REQUESTED, EnumSet.of(APPROVED, REJECTED),
            APPROVED, EnumSet.of(FUNDED),
            REJECTED, EnumSet.noneOf(LoanStatus.class),
            FUNDED, EnumSet.noneOf(LoanStatus.class));

    @ParameterizedTest
    @EnumSource(LoanStatus.class)
    void everyPairIsLegalExactlyWhenTheLifecycleSaysSo(LoanStatus from) {
        for (LoanStatus to : LoanStatus.values()) {
            assertThat(from.canMoveTo(to)).as(from + " -> " + to).isEqualTo(LEGAL.get(from).contains(to));
        }
    }

    @ParameterizedTest
    @EnumSource(LoanStatus.class)
    void wireNamesRoundTrip(LoanStatus status) {
        assertThat(LoanStatus.fromWire(status.wire())).contains(status);
        assertThat(status.wire()).isEqualTo(status.name().toLowerCase());
    }

    @Test
    void unknownWireNameIsEmpty() {
        assertThat(LoanStatus.fromWire("REQUESTED")).isEmpty();
        assertThat(LoanStatus.fromWire(null)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(LoanStatus.class)
    void loanActionsFollowTheStateMachine(LoanStatus from) {
        assertAction(from, APPROVED, loan -> loan.approve("admin", Instant.now()), "approve");
        assertAction(from, REJECTED, loan -> loan.reject("why", "admin", Instant.now()), "reject");
        assertAction(from, FUNDED, loan -> loan.fund("0xabc", "nft", Instant.now()), "fund");
    }

    private static void assertAction(LoanStatus from, LoanStatus to, java.util.function.Consumer<Loan> action,
            String verb) {
        Loan loan = Loan.request("u", BigDecimal.TEN, "USDC", "p", "ETH", BigDecimal.ONE, Instant.now());
        loan.status = from;
        if (from.canMoveTo(to)) {
            action.accept(loan);
            assertThat(loan.status).isEqualTo(to);
        } else {
            assertThatThrownBy(() -> action.accept(loan))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessage("loan " + loan.id + " is " + from.wire() + "; cannot " + verb);
            assertThat(loan.status).isEqualTo(from);
        }
    }
}
