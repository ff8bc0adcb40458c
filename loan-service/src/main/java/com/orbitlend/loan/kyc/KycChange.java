package com.orbitlend.loan.kyc;

import com.orbitlend.events.CloudEvent;
import com.orbitlend.events.DomainEvent;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.InvalidEventException;
import com.orbitlend.events.kyc.KycApproved;
import com.orbitlend.events.kyc.KycRejected;
import com.orbitlend.events.kyc.KycSubmitted;

import java.time.Instant;

/** What one KYC event means for the projection: the borrower's new status, from a validated record. */
record KycChange(String eventId, Instant time, String userId, KycStatus status, String kycId) {

    /** Longest ids the inbox and the borrower_kyc table hold. */
    static final int MAX_EVENT_ID = 128;
    static final int MAX_ID = 255;

    /**
     * Reads a record of orbitlend.kyc.events.
     *
     * @throws InvalidEventException if it can never be applied: not a KYC CloudEvent, or keyed by another user
     */
    static KycChange of(String key, String value) throws InvalidEventException {
        CloudEvent event = EventJson.readEvent(value);
        DomainEvent payload = EventJson.payload(event);
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
        if (!change.userId.equals(key)) {
            // per-user order rests on the key: a record keyed otherwise may overtake or be overtaken
            throw new InvalidEventException("Record key " + key + " is not the event's userId " + change.userId);
        }
        if (change.eventId.length() > MAX_EVENT_ID || change.userId.length() > MAX_ID
                || change.kycId.length() > MAX_ID) {
            throw new InvalidEventException("Event id, userId or kycId too long");
        }
        return change;
    }
}
