package com.orbitlend.events.notification;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.orbitlend.events.Require;

import java.math.BigDecimal;
import java.time.Instant;

/** Payload of {@code loan:status}: {@code amount} when approved, {@code rejectionReason} when rejected. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoanStatusData(String loanId, String userId, Status status, BigDecimal amount,
        String rejectionReason, Instant timestamp) {

    public enum Status {
        @JsonProperty("approved") APPROVED,
        @JsonProperty("rejected") REJECTED
    }

    public LoanStatusData {
        Require.text(loanId, "loanId");
        Require.text(userId, "userId");
        Require.present(status, "status");
        Require.present(timestamp, "timestamp");
    }
}
