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
import java.util.Optional;

/**
 * The RSA key that signs access tokens, read from {@code smallrye.jwt.sign.key.location} (a PEM file, classpath
 * resource or URL). Its public key is derived from the private one (or read from
 * {@code orbitlend.kyc.token.public-key-location}) and published as a JWKS; the key id is the RFC 7638 SHA-256
 * thumbprint, so it changes exactly when the key does.
 */
@ApplicationScoped
public class SigningKey {

    private final PrivateKey privateKey;
    private final RsaJsonWebKey publicJwk;
    private final String jwksJson;

    SigningKey(@ConfigProperty(name = "smallrye.jwt.sign.key.location") String privateKeyLocation,
            KycServiceConfig config) {
        try {
            this.privateKey = KeyUtils.decodePrivateKey(KeyUtils.readKeyContent(privateKeyLocation));
            RSAPublicKey publicKey = publicKey(privateKey, config.token().publicKeyLocation());
            this.publicJwk = new RsaJsonWebKey(publicKey);
            publicJwk.setUse("sig");
            publicJwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            publicJwk.setKeyId(publicJwk.calculateBase64urlEncodedThumbprint("SHA-256"));
            this.jwksJson = new JsonWebKeySet(publicJwk).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("Cannot load the token signing key from smallrye.jwt.sign.key.location="
                    + privateKeyLocation + ": " + e.getMessage(), e);
        }
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The {@code kid} header of issued tokens. */
    public String keyId() {
        return publicJwk.getKeyId();
    }

    /** The JWKS document ({@code {"keys":[...]}}) with the public key only. */
    public String jwksJson() {
        return jwksJson;
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
