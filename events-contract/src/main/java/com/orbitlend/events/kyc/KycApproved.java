package com.orbitlend.events.kyc;

import com.orbitlend.events.DomainEvent;
import com.orbitlend.events.Require;

/** An admin approved a user's KYC. Type {@code orbitlend.kyc.approved.v1}, key = user id. */
public record KycApproved(String kycId, String userId, String approvedBy) implements DomainEvent {

    public KycApproved {
        Require.text(kycId, "kycId");
        Require.text(userId, "userId");
    }

    @Override
    public String aggregateId() {
        return userId;
    }
}
