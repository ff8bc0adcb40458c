package com.orbitlend.kyc.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Configuration of accounts, tokens and login protection. The signing key is {@code smallrye.jwt.sign.key.location}. */
@ConfigMapping(prefix = "orbitlend.kyc")
public interface KycServiceConfig {

    Token token();

    LoginLimit loginLimit();

    RegistrationLimit registrationLimit();

    ClientAddress clientAddress();

    Password password();

    InitialAdmin initialAdmin();

    /** Issued tokens. */
    interface Token {

        /** {@code iss} of issued access tokens; must equal what every service verifies ({@code mp.jwt.verify.issuer}). */
        Optional<String> issuer();

        /**
         * {@code aud} of issued access tokens; every service accepts only tokens naming one of its
         * {@code mp.jwt.verify.audiences}.
         */
        Optional<List<String>> audience();

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

        /**
         * The key that will sign next (PEM, public or private): published in the JWKS ahead of the swap, so that
         * every verifier knows it before the first token it signs arrives.
         */
        Optional<String> nextKeyLocation();

        /**
         * The key that signed before the last swap (PEM, public or private): still published until the tokens it
         * signed have expired (the access-token lifetime after the swap), so nobody is logged out.
         */
        Optional<String> previousKeyLocation();

        /** {@code Cache-Control: max-age} of the JWKS: how long verifiers may keep it before fetching it again. */
        @WithDefault("5m")
        Duration jwksMaxAge();
    }

    /** Throttling of failed logins: progressive delays, never a hard lock of an account. */
    interface LoginLimit {

        /** How long a failed login counts; older failures are forgotten. Keep it above the longest delay. */
        @WithDefault("1h")
        Duration window();

        /**
         * Failures of one username from one client address (an IPv4 address or an IPv6 /64): only this pair is
         * delayed, so nobody elsewhere can slow the account's owner down. A success clears the pair.
         */
        Delay perUsernameAndAddress();

        /** Failures from one client address, whatever the usernames (credential stuffing from one place). */
        Delay perAddress();
    }

    /**
     * A progressive delay: the first {@code free-failures} failures cost nothing; from then on each attempt waits
     * {@code initial-delay} after the latest failure, doubling with every further failure up to {@code max-delay}.
     */
    interface Delay {

        /** Failures within the window before any delay. */
        int freeFailures();

        /** The delay after the first failure beyond the free ones. */
        @WithDefault("1s")
        Duration initialDelay();

        /** The longest delay. */
        Duration maxDelay();
    }

    /** Throttling of registrations, each of which costs a slow password hash. */
    interface RegistrationLimit {

        /** Registrations from one client address (IPv4, or IPv6 /64) within {@code address-window}. */
        @WithDefault("20")
        int maxPerAddress();

        @WithDefault("1h")
        Duration addressWindow();

        /** Registrations from all addresses together within {@code overall-window}: bounds the hashing work. */
        @WithDefault("120")
        int maxOverall();

        @WithDefault("1m")
        Duration overallWindow();
    }

    /** Where the client address of a request comes from. */
    interface ClientAddress {

        /**
         * Proxies (addresses or CIDR blocks, e.g. {@code 10.0.0.0/8}) whose {@code X-Forwarded-For} is believed:
         * the client is the right-most address of the header that is not a trusted proxy. Empty (default): the
         * TCP peer is the client and the header is ignored.
         */
        Optional<List<String>> trustedProxies();
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
