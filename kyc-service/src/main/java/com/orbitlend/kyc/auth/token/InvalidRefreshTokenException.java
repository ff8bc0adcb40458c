package com.orbitlend.kyc.auth.token;

import com.orbitlend.kit.problem.ProblemException;

/** 401 for a refresh token that is unknown, expired, revoked or already used; the detail never says which. */
public class InvalidRefreshTokenException extends ProblemException {

    public InvalidRefreshTokenException() {
        super(401, "Unauthorized", "invalid refresh token");
    }
}
