package com.orbitlend.loan.kyc;

import com.orbitlend.events.CloudEvent;
import com.orbitlend.events.DomainEvent;
import com.orbitlend.events.InvalidEventException;
import com.orbitlend.events.kyc.KycApproved;
import com.orbitlend.events.kyc.KycRejected;
import com.orbitlend.events.kyc.KycSubmitted;
import com.orbitlend.kit.consumer.EventLimits;
import com.orbitlend.kit.consumer.EventShape;

import java.time.Instant;

/** What one KYC event means for the projection: the borrower's new status, from a validated record. */
record KycChange(String eventId, Instant time, String userId, KycStatus status, String kycId) {

    /** Longest ids the inbox and the borrower_kyc table hold. */
    static final int MAX_EVENT_ID = 128;
    static final int MAX_ID = 255;

    /**
     * Reads a record of orbitlend.kyc.events and checks everything the inbox and borrower_kyc will store, so that
     * no record of a producer can make the projection's transaction fail.
     *
     * @throws InvalidEventException if it can never be applied: not a KYC CloudEvent, keyed by another user, or
     *         with a value the database cannot hold (too long, NUL, a time outside years 0001..9999)
     */
    static KycChange of(String key, String value) throws InvalidEventException {
        CloudEvent event = EventShape.read(value);
        DomainEvent payload = EventShape.payload(event);
        KycChange change;
        if (payload instanceof KycSubmitted e) {
            change = new KycChange(event.id(), event.time(), e.userId(), KycStatus.SUBMITTED, e.kycId());
        } else if (payload instanceof KycApproved e) {
            change = new KycChange(event.id(), event.time(), e.userId(), KycStatus.APPROVED, e.kycId());
        } else if (payload instanceof KycRejected e) {
            change = new KycChange(event.id(), event.time(), e.userId(), KycStatus.REJECTED, e.kycId());
        } else {
            throw new InvalidEventException("Not a KYC event: " + event.type());
        }
        EventLimits.text(change.eventId, "Event id", MAX_EVENT_ID);
        EventLimits.text(change.userId, "userId", MAX_ID);
        EventLimits.text(change.kycId, "kycId", MAX_ID);
        EventLimits.time(change.time, "Event time");
        if (!change.userId.equals(key)) {
            // per-user order rests on the key: a record keyed otherwise may overtake or be overtaken
            throw new InvalidEventException("Record key " + abbreviate(key) + " is not the event's userId "
                    + change.userId);
        }
        return change;
    }

    private static String abbreviate(String key) {
        return key == null || key.length() <= MAX_ID ? key : key.substring(0, MAX_ID) + "...";
    }
}
