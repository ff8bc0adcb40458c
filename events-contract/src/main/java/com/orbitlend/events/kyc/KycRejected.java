package com.orbitlend.events.kyc;

import com.orbitlend.events.DomainEvent;
import com.orbitlend.events.Require;

/** An admin rejected a user's KYC, with a reason shown to the user. Type {@code orbitlend.kyc.rejected.v1}. */
public record KycRejected(String kycId, String userId, String reason, String rejectedBy) implements DomainEvent {

    public KycRejected {
        Require.text(kycId, "kycId");
        Require.text(userId, "userId");
        Require.text(reason, "reason");
    }

    @Override
    public String aggregateId() {
        return userId;
    }
}
