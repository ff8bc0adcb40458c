package com.orbitlend.kyc;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.build.Jwt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * TEST ONLY. An RSA key pair generated for this test JVM, written as PEM files: the service signs with the
 * private key and verifies with the public one, exactly as in production. Also signs foreign tokens for tests.
 */
public class KycKeysTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "https://kyc-test.orbitlend.local";
    public static final String AUDIENCE = "orbitlend-kyc-test";

    private static final KeyPair KEYS = generate();
    private static final KeyPair FOREIGN_KEYS = generate();

    @Override
    public Map<String, String> start() {
        Path privatePem = write("orbitlend-kyc-test-private", "PRIVATE KEY", KEYS.getPrivate().getEncoded());
        Path publicPem = write("orbitlend-kyc-test-public", "PUBLIC KEY", KEYS.getPublic().getEncoded());
        return Map.of(
                "smallrye.jwt.sign.key.location", privatePem.toUri().toString(),
                "mp.jwt.verify.publickey.location", publicPem.toUri().toString(),
                "mp.jwt.verify.issuer", ISSUER,
                "mp.jwt.verify.audiences", AUDIENCE);
    }

    @Override
    public void stop() {
        // the key files are deleted when the JVM exits
    }

    /** The key pair the service under test signs with. */
    public static KeyPair keys() {
        return KEYS;
    }

    /** A token of {@code issuer} for this service's audience, signed by its key or, if {@code foreignKey}, another. */
    public static String token(String issuer, boolean foreignKey, Instant expiresAt, String subject, String group) {
        return token(issuer, AUDIENCE, foreignKey, expiresAt, subject, group);
    }

    /** As {@link #token(String, boolean, Instant, String, String)} for {@code audience} (none if null). */
    public static String token(String issuer, String audience, boolean foreignKey, Instant expiresAt, String subject,
            String group) {
        var builder = Jwt.issuer(issuer);
        if (audience != null) {
            builder.audience(audience);
        }
        return builder
                .subject(subject)
                .upn(subject)
                .groups(Set.of(group))
                .issuedAt(Instant.now().minusSeconds(5))
                .expiresAt(expiresAt)
                .sign((foreignKey ? FOREIGN_KEYS : KEYS).getPrivate());
    }

    private static Path write(String prefix, String type, byte[] der) {
        try {
            Path file = Files.createTempFile(prefix, ".pem");
            file.toFile().deleteOnExit();
            Files.writeString(file, "-----BEGIN " + type + "-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                    + "\n-----END " + type + "-----\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
