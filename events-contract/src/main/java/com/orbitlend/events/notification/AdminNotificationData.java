package com.orbitlend.events.notification;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.events.Require;

import java.time.Instant;

/** Payload of {@code admin:notification}; {@code data} is the subject of the notice (e.g. the loan). */
public record AdminNotificationData(Type type, String message, JsonNode data, Instant timestamp) {

    public enum Type {
        @JsonProperty("loan_request") LOAN_REQUEST,
        @JsonProperty("kyc_submission") KYC_SUBMISSION,
        @JsonProperty("system_alert") SYSTEM_ALERT
    }

    public AdminNotificationData {
        Require.present(type, "type");
        Require.text(message, "message");
        Require.present(timestamp, "timestamp");
    }
}
