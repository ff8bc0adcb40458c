package com.orbitlend.events;

import com.orbitlend.events.loan.LoanApproved;
import com.orbitlend.events.loan.LoanFunded;
import com.orbitlend.events.loan.LoanRejected;
import com.orbitlend.events.loan.LoanRequested;

import java.util.Arrays;
import java.util.Optional;

/**
 * Registry of every domain event type: CloudEvents {@code type}, aggregate type, topic and payload class.
 * Type names are versioned ({@code .v1}); an incompatible payload change gets a new type, never an edit.
 */
public enum EventType {

    LOAN_REQUESTED("orbitlend.loan.requested.v1", "loan", Topics.LOAN_EVENTS, LoanRequested.class),
    LOAN_APPROVED("orbitlend.loan.approved.v1", "loan", Topics.LOAN_EVENTS, LoanApproved.class),
    LOAN_REJECTED("orbitlend.loan.rejected.v1", "loan", Topics.LOAN_EVENTS, LoanRejected.class),
    LOAN_FUNDED("orbitlend.loan.funded.v1", "loan", Topics.LOAN_EVENTS, LoanFunded.class);

    private final String type;
    private final String aggregateType;
    private final String topic;
    private final Class<? extends DomainEvent> payloadClass;

    EventType(String type, String aggregateType, String topic, Class<? extends DomainEvent> payloadClass) {
        this.type = type;
        this.aggregateType = aggregateType;
        this.topic = topic;
        this.payloadClass = payloadClass;
    }

    /** The CloudEvents {@code type} attribute, e.g. {@code orbitlend.loan.requested.v1}. */
    public String type() {
        return type;
    }

    public String aggregateType() {
        return aggregateType;
    }

    public String topic() {
        return topic;
    }

    public Class<? extends DomainEvent> payloadClass() {
        return payloadClass;
    }

    /** The registered type of a CloudEvents {@code type} string, if any. */
    public static Optional<EventType> fromType(String type) {
        return Arrays.stream(values()).filter(t -> t.type.equals(type)).findFirst();
    }

    /** The registered type of a payload instance. */
    public static EventType of(DomainEvent event) {
        return Arrays.stream(values())
                .filter(t -> t.payloadClass == event.getClass())
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unregistered event class " + event.getClass()));
    }
}
