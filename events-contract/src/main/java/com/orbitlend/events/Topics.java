package com.orbitlend.events;

/**
 * Kafka topic names of the platform. Domain topics carry {@link CloudEvent}s keyed by aggregate id; the
 * notifications topic carries {@link com.orbitlend.events.notification.Notification}s keyed by channel.
 */
public final class Topics {

    /** Loan lifecycle events, key = loan id. */
    public static final String LOAN_EVENTS = "orbitlend.loan.events";
    /** KYC lifecycle events, key = user id (so one user's KYC events are ordered). */
    public static final String KYC_EVENTS = "orbitlend.kyc.events";
    /** Marketplace (loan note) events, key = loan id. */
    public static final String MARKETPLACE_EVENTS = "orbitlend.marketplace.events";
    /** Audience-addressed notifications, key = channel; the gateway's input for fan-out and archive. */
    public static final String NOTIFICATIONS = "orbitlend.notifications";
    /** Records of the notifications or domain topics that could not be processed, with the reason in headers. */
    public static final String NOTIFICATIONS_DLQ = "orbitlend.notifications.dlq";

    private Topics() {
    }
}
