package com.orbitlend.e2e;

import io.smallrye.jwt.build.Jwt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

/**
 * TEST ONLY. The RSA key kyc-service signs with in these tests, generated per run; the other services never see
 * it: they verify with kyc-service's JWKS. Also forges the tokens that must be refused.
 */
final class IssuerKeys {

    static final String ISSUER = "https://e2e.orbitlend.local";

    private final KeyPair keys = generate();
    private final KeyPair foreign = generate();

    /** Writes the private key as PKCS#8 PEM for kyc-service's smallrye.jwt.sign.key.location. */
    Path writePrivateKey(Path dir) throws IOException {
        Path file = dir.resolve("issuer-private.pem");
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        return file;
    }

    /** Signed by a key nobody trusts. */
    String foreignKeyToken(String subject, String group) {
        return Jwt.issuer(ISSUER).subject(subject).groups(Set.of(group)).expiresAt(Instant.now().plusSeconds(600))
                .sign(foreign.getPrivate());
    }

    /** Signed by the trusted key, but naming another issuer. */
    String otherIssuerToken(String subject, String group) {
        return Jwt.issuer("https://elsewhere.example").subject(subject).groups(Set.of(group))
                .expiresAt(Instant.now().plusSeconds(600)).sign(keys.getPrivate());
    }

    /** Signed by the trusted key and issuer, expired two minutes ago. */
    String expiredToken(String subject, String group) {
        return Jwt.issuer(ISSUER).subject(subject).groups(Set.of(group))
                .issuedAt(Instant.now().minusSeconds(900)).expiresAt(Instant.now().minusSeconds(120))
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
