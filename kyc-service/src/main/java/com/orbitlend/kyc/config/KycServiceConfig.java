package com.orbitlend.kyc.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Configuration of accounts, tokens and login protection. The signing key is {@code smallrye.jwt.sign.key.location}. */
@ConfigMapping(prefix = "orbitlend.kyc")
public interface KycServiceConfig {

    Token token();

    LoginLimit loginLimit();

    Password password();

    InitialAdmin initialAdmin();

    /** Issued tokens. */
    interface Token {

        /** {@code iss} of issued access tokens; must equal what every service verifies ({@code mp.jwt.verify.issuer}). */
        String issuer();

        /** Lifetime of an access token. */
        @WithDefault("15m")
        Duration accessTtl();

        /** Lifetime of a refresh token; each refresh issues a new one with a fresh lifetime. */
        @WithDefault("7d")
        Duration refreshTtl();

        /**
         * PEM public key published in the JWKS, for a private key that does not carry its public part
         * (not RSA CRT); by default the public key is derived from the private key.
         */
        Optional<String> publicKeyLocation();
    }

    /** Rate limiting of failed logins. */
    interface LoginLimit {

        /** Sliding window over which failures are counted. */
        @WithDefault("15m")
        Duration window();

        /**
         * Failures of one username from one client IP within the window after which that IP's logins to that
         * username are refused (429); the same username still logs in from other addresses.
         */
        @WithDefault("5")
        int maxFailuresPerUsernameAndIp();

        /** Failures from one client IP within the window after which its logins are refused (429). */
        @WithDefault("20")
        int maxFailuresPerIp();

        /**
         * Failures of one username from all client IPs within the window after which its logins are refused (429)
         * from everywhere: a backstop against distributed guessing, far above the per-IP limits so that one
         * attacker cannot lock a user out cheaply.
         */
        @WithDefault("50")
        int maxFailuresPerUsernameAllIps();
    }

    /** Password hashing. */
    interface Password {

        /** PBKDF2 iterations of new hashes; never below 210000. Stored hashes keep the count they were made with. */
        @WithDefault("600000")
        int iterations();
    }

    /** The admin account created at startup when absent. */
    interface InitialAdmin {

        /** Its username; reserved: registration refuses it whether or not the admin exists yet. */
        @WithDefault("admin")
        String username();

        /** Its password; when unset no admin is created (production passes it from a secret). */
        Optional<String> password();
    }
}
