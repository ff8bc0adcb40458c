package com.orbitlend.kyc.auth.api;

import com.orbitlend.kyc.auth.login.LoginService;

/** Tokens of a login or refresh; lifetimes in seconds. */
public record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken,
        long refreshExpiresIn) {

    static TokenResponse of(LoginService.Tokens tokens) {
        return new TokenResponse(tokens.accessToken(), "Bearer", tokens.accessTtl().toSeconds(),
                tokens.refreshToken(), tokens.refreshTtl().toSeconds());
    }
}
