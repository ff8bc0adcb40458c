package com.orbitlend.events;

import com.orbitlend.events.kyc.KycApproved;
import com.orbitlend.events.kyc.KycRejected;
import com.orbitlend.events.kyc.KycSubmitted;
import com.orbitlend.events.loan.LoanApproved;
import com.orbitlend.events.loan.LoanFunded;
import com.orbitlend.events.loan.LoanRejected;
import com.orbitlend.events.loan.LoanRequested;
import com.orbitlend.events.marketplace.LoanNoteListed;
import com.orbitlend.events.marketplace.LoanNoteTransferred;
import com.orbitlend.events.marketplace.LoanNoteWithdrawn;
import com.orbitlend.events.marketplace.RepaymentRecorded;

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
    LOAN_FUNDED("orbitlend.loan.funded.v1", "loan", Topics.LOAN_EVENTS, LoanFunded.class),

    KYC_SUBMITTED("orbitlend.kyc.submitted.v1", "kyc", Topics.KYC_EVENTS, KycSubmitted.class),
    KYC_APPROVED("orbitlend.kyc.approved.v1", "kyc", Topics.KYC_EVENTS, KycApproved.class),
    KYC_REJECTED("orbitlend.kyc.rejected.v1", "kyc", Topics.KYC_EVENTS, KycRejected.class),

    LOAN_NOTE_LISTED("orbitlend.marketplace.listed.v1", "loan-note", Topics.MARKETPLACE_EVENTS,
            LoanNoteListed.class),
    LOAN_NOTE_WITHDRAWN("orbitlend.marketplace.listing_withdrawn.v1", "loan-note", Topics.MARKETPLACE_EVENTS,
            LoanNoteWithdrawn.class),
    LOAN_NOTE_TRANSFERRED("orbitlend.marketplace.ownership_transferred.v1", "loan-note",
            Topics.MARKETPLACE_EVENTS, LoanNoteTransferred.class),
    REPAYMENT_RECORDED("orbitlend.marketplace.repayment_recorded.v1", "loan-note", Topics.MARKETPLACE_EVENTS,
            RepaymentRecorded.class);

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
