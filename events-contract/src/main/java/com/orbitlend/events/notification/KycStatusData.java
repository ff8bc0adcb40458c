package com.orbitlend.events.notification;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.orbitlend.events.Require;

import java.time.Instant;

/** Payload of {@code kyc:status}: {@code rejectionReason} when rejected. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KycStatusData(String userId, Status status, String rejectionReason, Instant timestamp) {

    public enum Status {
        @JsonProperty("approved") APPROVED,
        @JsonProperty("rejected") REJECTED
    }

    public KycStatusData {
        Require.text(userId, "userId");
        Require.present(status, "status");
        Require.present(timestamp, "timestamp");
    }
}
