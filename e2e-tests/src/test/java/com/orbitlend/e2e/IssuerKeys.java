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
    static final String AUDIENCE = "orbitlend-e2e";

    private final KeyPair keys = generate();
    /** The key a rotation moves to (KeyRotationE2ETest). */
    private final KeyPair next = generate();
    private final KeyPair foreign = generate();

    /** Writes the private key as PKCS#8 PEM for kyc-service's smallrye.jwt.sign.key.location. */
    Path writePrivateKey(Path dir) throws IOException {
        return write(dir.resolve("issuer-private.pem"), "PRIVATE KEY", keys.getPrivate().getEncoded());
    }

    /** Writes the next key's private key (PKCS#8 PEM), to sign with after the swap. */
    Path writeNextPrivateKey(Path dir) throws IOException {
        return write(dir.resolve("issuer-next-private.pem"), "PRIVATE KEY", next.getPrivate().getEncoded());
    }

    /** Writes the next key's public key (PEM), to publish before the swap. */
    Path writeNextPublicKey(Path dir) throws IOException {
        return write(dir.resolve("issuer-next-public.pem"), "PUBLIC KEY", next.getPublic().getEncoded());
    }

    /** Signed by a key nobody trusts. */
    String foreignKeyToken(String subject, String group) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(subject).groups(Set.of(group))
                .expiresAt(Instant.now().plusSeconds(600)).sign(foreign.getPrivate());
    }

    /** Signed by the trusted key, but naming another issuer. */
    String otherIssuerToken(String subject, String group) {
        return Jwt.issuer("https://elsewhere.example").audience(AUDIENCE).subject(subject).groups(Set.of(group))
                .expiresAt(Instant.now().plusSeconds(600)).sign(keys.getPrivate());
    }

    /** Signed by the trusted key and issuer, but for another audience. */
    String otherAudienceToken(String subject, String group) {
        return Jwt.issuer(ISSUER).audience("https://elsewhere.example/api").subject(subject).groups(Set.of(group))
                .expiresAt(Instant.now().plusSeconds(600)).sign(keys.getPrivate());
    }

    /** Signed by the trusted key and issuer, expired two minutes ago. */
    String expiredToken(String subject, String group) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(subject).groups(Set.of(group))
                .issuedAt(Instant.now().minusSeconds(900)).expiresAt(Instant.now().minusSeconds(120))
                .sign(keys.getPrivate());
    }

    private static Path write(Path file, String type, byte[] der) throws IOException {
        Files.writeString(file, "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n");
        return file;
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
