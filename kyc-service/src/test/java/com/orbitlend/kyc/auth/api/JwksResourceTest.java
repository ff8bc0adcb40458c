package com.orbitlend.kyc.auth.api;

import com.orbitlend.kyc.AuthApi;
import com.orbitlend.kyc.KycKeysTestResource;
import com.orbitlend.kyc.KycTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;

import java.security.interfaces.RSAPublicKey;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Another service pointed at the JWKS URL verifies the issued tokens: proven with jose4j alone. */
@QuarkusTest
@TestProfile(KycTestProfile.class)
class JwksResourceTest {

    @Test
    void jwksKeyVerifiesAnIssuedAccessToken() throws Exception {
        AuthApi.Session session = AuthApi.newSession();
        JsonWebKeySet jwks = new JsonWebKeySet(given().get("/.well-known/jwks.json").then().statusCode(200)
                .extract().asString());

        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(session.accessToken());
        JsonWebKey key = new VerificationJwkSelector().select(jws, jwks.getJsonWebKeys());
        assertThat(key).isNotNull();
        assertThat(jws.getAlgorithmHeaderValue()).isEqualTo("RS256");
        jws.setKey(key.getKey());
        assertThat(jws.verifySignature()).isTrue();

        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKey(key.getKey())
                .setExpectedIssuer(KycKeysTestResource.ISSUER)
                .setExpectedAudience(KycKeysTestResource.AUDIENCE)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireJwtId()
                .setRequireSubject()
                .build();
        JwtClaims claims = consumer.processToClaims(session.accessToken());
        assertThat(claims.getSubject()).isEqualTo(session.id());
        assertThat(claims.getAudience()).containsExactly(KycKeysTestResource.AUDIENCE);
        assertThat(claims.getStringClaimValue("upn")).isEqualTo(session.username());
        assertThat(claims.getStringClaimValue("preferred_username")).isEqualTo(session.username());
        assertThat(claims.getStringListClaimValue("groups")).containsExactly("user");
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(900);
    }

    @Test
    void keyIdIsTheRfc7638ThumbprintOfTheSigningKey() throws Exception {
        JsonWebKeySet jwks = new JsonWebKeySet(given().get("/.well-known/jwks.json").asString());
        assertThat(jwks.getJsonWebKeys()).hasSize(1);
        RsaJsonWebKey published = (RsaJsonWebKey) jwks.getJsonWebKeys().get(0);

        RsaJsonWebKey expected = new RsaJsonWebKey((RSAPublicKey) KycKeysTestResource.keys().getPublic());
        assertThat(published.getKeyId()).isEqualTo(expected.calculateBase64urlEncodedThumbprint("SHA-256"));
        assertThat(published.getRsaPublicKey().getModulus()).isEqualTo(expected.getRsaPublicKey().getModulus());
        assertThat(published.getPrivateKey()).isNull();

        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(AuthApi.newSession().accessToken());
        assertThat(jws.getKeyIdHeaderValue()).isEqualTo(published.getKeyId());
    }
}
