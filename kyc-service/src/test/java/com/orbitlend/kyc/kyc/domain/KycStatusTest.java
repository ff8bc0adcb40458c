package com.orbitlend.kyc.kyc.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KycStatusTest {

    @ParameterizedTest
    @EnumSource(KycStatus.class)
    void onlySubmittedMovesOnAndOnlyToADecision(KycStatus from) {
        for (KycStatus to : KycStatus.values()) {
            boolean legal = from == KycStatus.SUBMITTED && to != KycStatus.SUBMITTED;
            assertThat(from.canMoveTo(to)).as(from + " -> " + to).isEqualTo(legal);
        }
    }

    @ParameterizedTest
    @EnumSource(KycStatus.class)
    void wireNamesRoundTrip(KycStatus status) {
        assertThat(KycStatus.fromWire(status.wire())).contains(status);
    }

    @Test
    void unknownWireNameIsEmpty() {
        assertThat(KycStatus.fromWire("SUBMITTED")).isEmpty();
        assertThat(KycStatus.fromWire(null)).isEmpty();
    }

    @Test
    void decisionsAreFinal() {
        KycSubmission kyc = submission();
        kyc.reject("blurry scan", "admin-1", Instant.now());
        assertThat(kyc.status).isEqualTo(KycStatus.REJECTED);
        assertThat(kyc.rejectionReason).isEqualTo("blurry scan");
        assertThat(kyc.allowsResubmission()).isTrue();
        assertThatThrownBy(() -> kyc.approve("admin-1", Instant.now()))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessage("kyc " + kyc.id + " is rejected; cannot approve");

        KycSubmission approved = submission();
        approved.approve("admin-2", Instant.now());
        assertThat(approved.decidedBy).isEqualTo("admin-2");
        assertThat(approved.allowsResubmission()).isFalse();
        assertThatThrownBy(() -> approved.reject("late", "admin-1", Instant.now()))
                .isInstanceOf(IllegalTransitionException.class);
        assertThat(approved.status).isEqualTo(KycStatus.APPROVED);
    }

    private static KycSubmission submission() {
        return KycSubmission.submit("u", "Ada Lovelace", LocalDate.of(1990, 1, 1), "GB",
                List.of(new KycDocument("passport", "file-1")), Instant.now());
    }
}
