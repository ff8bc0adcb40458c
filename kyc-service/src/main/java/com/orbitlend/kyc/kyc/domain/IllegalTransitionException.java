package com.orbitlend.kyc.kyc.domain;

/** A review action not allowed from the submission's current status. */
public class IllegalTransitionException extends RuntimeException {

    public IllegalTransitionException(String kycId, KycStatus current, String action) {
        super("kyc " + kycId + " is " + current.wire() + "; cannot " + action);
    }
}
