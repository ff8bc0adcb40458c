package com.orbitlend.kyc.auth.login;

import com.orbitlend.kit.problem.ProblemException;
import com.orbitlend.kyc.auth.account.Account;
import com.orbitlend.kyc.auth.account.AccountService;
import com.orbitlend.kyc.auth.metrics.AuthMetrics;
import com.orbitlend.kyc.auth.password.PasswordPolicy;
import com.orbitlend.kyc.auth.password.Passwords;
import com.orbitlend.kyc.auth.ratelimit.LoginThrottle;
import com.orbitlend.kyc.auth.ratelimit.ThrottledException;
import com.orbitlend.kyc.auth.token.AccessTokens;
import com.orbitlend.kyc.auth.token.InvalidRefreshTokenException;
import com.orbitlend.kyc.auth.token.RefreshTokens;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Login, refresh and logout. Not transactional itself: the slow password verification runs between the short
 * transactions of the throttle and of the token store, holding no connection. A failed login looks the same
 * (status, body, and the cost of one hash verification) whether or not the account exists.
 */
@ApplicationScoped
public class LoginService {

    private final AccountService accounts;
    private final Passwords passwords;
    private final LoginThrottle throttle;
    private final AccessTokens accessTokens;
    private final RefreshTokens refreshTokens;
    private final AuthMetrics metrics;

    LoginService(AccountService accounts, Passwords passwords, LoginThrottle throttle, AccessTokens accessTokens,
            RefreshTokens refreshTokens, AuthMetrics metrics) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.throttle = throttle;
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
        this.metrics = metrics;
    }

    /** A new access token and a refresh token of a new family. */
    public record Tokens(String accessToken, Duration accessTtl, String refreshToken, Duration refreshTtl) {
    }

    /**
     * Logs in {@code username} (case-insensitive) from {@code clientAddress} (the throttling key of
     * {@link com.orbitlend.kyc.auth.client.ClientAddresses}).
     */
    public Tokens login(String username, String password, String clientAddress) {
        // case folding may lengthen a name ("İ" becomes two chars): such a name is no account, never a column overflow
        String name = username.strip().toLowerCase(Locale.ROOT);
        long attempt;
        try {
            attempt = throttle.reserve(name, clientAddress);
        } catch (ThrottledException e) {
            metrics.login(AuthMetrics.Login.THROTTLED);
            throw e;
        }
        Optional<Account> account = PasswordPolicy.isAcceptableUsername(name)
                ? accounts.findByUsername(name) : Optional.empty();
        boolean valid = account.isPresent()
                ? passwords.verify(password, account.get().passwordHash)
                : passwords.verifyNobody(password);
        if (!valid) {
            throttle.failed(attempt);
            metrics.login(AuthMetrics.Login.BAD_CREDENTIALS);
            throw new ProblemException(401, "Unauthorized", "invalid username or password");
        }
        throttle.succeeded(attempt, name, clientAddress);
        metrics.login(AuthMetrics.Login.SUCCESS);
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
