package com.orbitlend.loan.domain;

/** A lifecycle action not allowed from the loan's current status. */
public class IllegalTransitionException extends RuntimeException {

    public IllegalTransitionException(String loanId, LoanStatus current, String action) {
        super("loan " + loanId + " is " + current.wire() + "; cannot " + action);
    }
}
