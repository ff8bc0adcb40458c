package com.orbitlend.testkit.jwt;

import io.smallrye.jwt.build.Jwt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

/**
 * TEST ONLY. Signs RS256 tokens with an RSA key pair generated for this test JVM; nothing is committed.
 * The public key is written to a temporary PEM file that the application under test verifies with.
 */
public final class TestJwt {

    public static final String ISSUER = "https://test.orbitlend.local";
    /** The audience the services under test require ({@code mp.jwt.verify.audiences}) and every token names. */
    public static final String AUDIENCE = "orbitlend-test";

    private static final KeyPair KEYS = generate();
    private static final KeyPair FOREIGN_KEYS = generate();
    private static Path publicKeyFile;

    private TestJwt() {
    }

    /** A valid token for {@code subject} in {@code groups} (e.g. {@code user}, {@code admin}), one hour. */
    public static String token(String subject, String... groups) {
        return sign(KEYS, ISSUER, subject, Instant.now().plus(Duration.ofHours(1)), groups);
    }

    /** A valid token that expires at {@code expiresAt}. */
    public static String tokenExpiringAt(Instant expiresAt, String subject, String... groups) {
        return sign(KEYS, ISSUER, subject, expiresAt, groups);
    }

    /** A well-formed token signed by a key the application does not trust. */
    public static String tokenSignedByOtherKey(String subject, String... groups) {
        return sign(FOREIGN_KEYS, ISSUER, subject, Instant.now().plus(Duration.ofHours(1)), groups);
    }

    /** A token signed by the trusted key but naming another issuer. */
    public static String tokenFromOtherIssuer(String subject, String... groups) {
        return sign(KEYS, "https://elsewhere.example", subject, Instant.now().plus(Duration.ofHours(1)), groups);
    }

    /** A token signed by the trusted key and issuer, but for another audience. */
    public static String tokenForOtherAudience(String subject, String... groups) {
        return sign(KEYS, ISSUER, Set.of("https://elsewhere.example/api"), subject,
                Instant.now().plus(Duration.ofHours(1)), groups);
    }

    /** A token signed by the trusted key and issuer that names no audience at all. */
    public static String tokenWithoutAudience(String subject, String... groups) {
        return sign(KEYS, ISSUER, Set.of(), subject, Instant.now().plus(Duration.ofHours(1)), groups);
    }

    /** The PEM file of the trusted public key. */
    public static synchronized Path publicKeyFile() {
        if (publicKeyFile == null) {
            try {
                Path file = Files.createTempFile("orbitlend-test-jwt", ".pem");
                file.toFile().deleteOnExit();
                String pem = "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(KEYS.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n";
                Files.writeString(file, pem);
                publicKeyFile = file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return publicKeyFile;
    }

    private static String sign(KeyPair keys, String issuer, String subject, Instant expiresAt, String... groups) {
        return sign(keys, issuer, Set.of(AUDIENCE), subject, expiresAt, groups);
    }

    private static String sign(KeyPair keys, String issuer, Set<String> audience, String subject, Instant expiresAt,
            String... groups) {
        var builder = Jwt.issuer(issuer);
        if (!audience.isEmpty()) {
            builder.audience(audience);
        }
        return builder
                .subject(subject)
                .upn(subject)
                .groups(Set.of(groups))
                .issuedAt(Instant.now().minusSeconds(5))
                .expiresAt(expiresAt)
                .jws().keyId("test")
                .sign(keys.getPrivate());
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
