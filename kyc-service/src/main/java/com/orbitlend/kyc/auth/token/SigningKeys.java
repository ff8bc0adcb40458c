package com.orbitlend.kyc.auth.token;

import com.orbitlend.kyc.config.KycServiceConfig;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The RSA key that signs access tokens ({@code smallrye.jwt.sign.key.location}, a PEM file, classpath resource or
 * URL) and the public keys of the JWKS: the signing key's, then the next key's and the previous key's when
 * configured ({@code orbitlend.kyc.token.next-key-location} / {@code previous-key-location}), so a key is known to
 * every verifier before it signs and stays known until the tokens it signed have expired (README, "Rotating the
 * signing key"). Each key id is the RFC 7638 SHA-256 thumbprint, so it changes exactly when the key does.
 */
@ApplicationScoped
public class SigningKeys {

    private final PrivateKey privateKey;
    private final String keyId;
    private final List<String> publishedKeyIds;
    private final String jwksJson;
    private final Duration jwksMaxAge;

    SigningKeys(@ConfigProperty(name = "smallrye.jwt.sign.key.location") String privateKeyLocation,
            KycServiceConfig config) {
        KycServiceConfig.Token token = config.token();
        Map<String, RsaJsonWebKey> published = new LinkedHashMap<>();
        try {
            this.privateKey = KeyUtils.decodePrivateKey(KeyUtils.readKeyContent(privateKeyLocation));
            RsaJsonWebKey current = jwk(publicKey(privateKey, token.publicKeyLocation()));
            this.keyId = current.getKeyId();
            published.put(keyId, current);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("Cannot load the token signing key from smallrye.jwt.sign.key.location="
                    + privateKeyLocation + ": " + e.getMessage(), e);
        }
        for (Optional<String> location : List.of(token.nextKeyLocation(), token.previousKeyLocation())) {
            if (location.isPresent() && !location.get().isBlank()) {
                RsaJsonWebKey other = jwk(publishedKey(location.get()));
                published.putIfAbsent(other.getKeyId(), other);
            }
        }
        this.publishedKeyIds = List.copyOf(published.keySet());
        this.jwksJson = new JsonWebKeySet(new ArrayList<JsonWebKey>(published.values()))
                .toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        this.jwksMaxAge = token.jwksMaxAge();
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The {@code kid} header of issued tokens: the signing key's id. */
    public String keyId() {
        return keyId;
    }

    /** The ids of the JWKS, signing key first. */
    public List<String> publishedKeyIds() {
        return publishedKeyIds;
    }

    /** The JWKS document ({@code {"keys":[...]}}) with public keys only. */
    public String jwksJson() {
        return jwksJson;
    }

    /** How long verifiers may cache the JWKS. */
    public Duration jwksMaxAge() {
        return jwksMaxAge;
    }

    private static RsaJsonWebKey jwk(RSAPublicKey publicKey) {
        RsaJsonWebKey jwk = new RsaJsonWebKey(publicKey);
        jwk.setUse("sig");
        jwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
        jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
        return jwk;
    }

    /** The public key of a PEM that holds either a public key or a private key (with its public part). */
    private static RSAPublicKey publishedKey(String location) {
        try {
            String content = KeyUtils.readKeyContent(location);
            if (content.contains("PRIVATE KEY")) {
                return publicKey(KeyUtils.decodePrivateKey(content), Optional.empty());
            }
            if (KeyUtils.decodePublicKey(content) instanceof RSAPublicKey rsa) {
                return rsa;
            }
            throw new GeneralSecurityException("not an RSA key");
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("Cannot load the published token key from " + location + ": "
                    + e.getMessage(), e);
        }
    }

    private static RSAPublicKey publicKey(PrivateKey privateKey, Optional<String> location)
            throws IOException, GeneralSecurityException {
        if (location.isPresent()) {
            PublicKey configured = KeyUtils.decodePublicKey(KeyUtils.readKeyContent(location.get()));
            if (configured instanceof RSAPublicKey rsa && privateKey instanceof RSAPrivateKey priv
                    && rsa.getModulus().equals(priv.getModulus())) {
                return rsa;
            }
            throw new GeneralSecurityException("the public key at " + location.get()
                    + " is not the RSA public key of the signing key");
        }
        if (privateKey instanceof RSAPrivateCrtKey crt) {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        }
        throw new GeneralSecurityException("the private key carries no public part (not RSA CRT); set "
                + "orbitlend.kyc.token.public-key-location");
    }
}
