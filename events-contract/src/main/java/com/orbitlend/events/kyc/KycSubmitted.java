package com.orbitlend.events.kyc;

import com.orbitlend.events.DomainEvent;
import com.orbitlend.events.Require;

/**
 * A user submitted KYC details for review. Type {@code orbitlend.kyc.submitted.v1}, key = user id. Personal
 * details stay in kyc-service: events carry ids only.
 */
public record KycSubmitted(String kycId, String userId) implements DomainEvent {

    public KycSubmitted {
        Require.text(kycId, "kycId");
        Require.text(userId, "userId");
    }

    @Override
    public String aggregateId() {
        return userId;
    }
}
