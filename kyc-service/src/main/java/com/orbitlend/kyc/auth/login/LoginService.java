package com.orbitlend.kyc.auth.login;

import com.orbitlend.kit.problem.ProblemException;
import com.orbitlend.kyc.auth.account.Account;
import com.orbitlend.kyc.auth.account.AccountService;
import com.orbitlend.kyc.auth.password.Passwords;
import com.orbitlend.kyc.auth.ratelimit.LoginRateLimiter;
import com.orbitlend.kyc.auth.token.AccessTokens;
import com.orbitlend.kyc.auth.token.InvalidRefreshTokenException;
import com.orbitlend.kyc.auth.token.RefreshTokens;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Login, refresh and logout. Not transactional itself: the slow password verification runs between the short
 * transactions of the rate limiter and of the token store, holding no connection. A failed login looks the same
 * (status, body, and the cost of one hash verification) whether or not the account exists.
 */
@ApplicationScoped
public class LoginService {

    private final AccountService accounts;
    private final Passwords passwords;
    private final LoginRateLimiter limiter;
    private final AccessTokens accessTokens;
    private final RefreshTokens refreshTokens;

    LoginService(AccountService accounts, Passwords passwords, LoginRateLimiter limiter, AccessTokens accessTokens,
            RefreshTokens refreshTokens) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.limiter = limiter;
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
    }

    /** A new access token and a refresh token of a new family. */
    public record Tokens(String accessToken, Duration accessTtl, String refreshToken, Duration refreshTtl) {
    }

    public Tokens login(String username, String password, String clientIp) {
        String name = username.strip().toLowerCase(Locale.ROOT);
        long attempt = limiter.reserve(name, clientIp);
        Optional<Account> account = accounts.findByUsername(name);
        boolean valid = account.isPresent()
                ? passwords.verify(password, account.get().passwordHash)
                : passwords.verifyNobody(password);
        if (!valid) {
            throw new ProblemException(401, "Unauthorized", "invalid username or password");
        }
        limiter.succeeded(attempt, name, clientIp);
        return tokens(account.get(), refreshTokens.issue(account.get().id));
    }

    public Tokens refresh(String refreshToken) {
        RefreshTokens.Rotated rotated = refreshTokens.rotate(refreshToken);
        Account account = accounts.find(rotated.accountId()).orElseThrow(InvalidRefreshTokenException::new);
        return tokens(account, rotated.next());
    }

    public void logout(String refreshToken) {
        refreshTokens.revoke(refreshToken);
    }

    private Tokens tokens(Account account, RefreshTokens.Issued refresh) {
        return new Tokens(accessTokens.issue(account), accessTokens.ttl(), refresh.value(), refresh.ttl());
    }
}
