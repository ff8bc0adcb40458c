package com.orbitlend.kyc.auth.api;

import com.orbitlend.kyc.AuthApi;
import com.orbitlend.kyc.KycKeysTestResource;
import com.orbitlend.kyc.KycTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static com.orbitlend.kyc.AuthApi.PASSWORD;
import static com.orbitlend.kyc.AuthApi.bearer;
import static com.orbitlend.kyc.AuthApi.json;
import static com.orbitlend.kyc.AuthApi.login;
import static com.orbitlend.kyc.AuthApi.newSession;
import static com.orbitlend.kyc.AuthApi.newUsername;
import static com.orbitlend.kyc.AuthApi.refresh;
import static com.orbitlend.kyc.AuthApi.register;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@TestProfile(KycTestProfile.class)
class AuthResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void registerThenLoginThenMe() {
        String username = newUsername();
        String id = json().body(Map.of("username", username, "password", PASSWORD, "displayName", "Ada"))
                .post("/api/auth/register").then().statusCode(201)
                .body("username", equalTo(username))
                .body("groups", contains("user"))
                .body("id", matchesPattern("[0-9a-f-]{36}"))
                .extract().path("id");

        var tokens = login(username, PASSWORD).statusCode(200)
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(900))
                .body("refreshExpiresIn", equalTo(7 * 24 * 3600))
                .body("refreshToken", matchesPattern("[A-Za-z0-9_-]{43}"))
                .extract();

        bearer(tokens.path("accessToken")).get("/api/auth/me").then().statusCode(200)
                .body("id", equalTo(id))
                .body("username", equalTo(username))
                .body("groups", contains("user"))
                .body("kycStatus", equalTo("none"));
    }

    @Test
    void loginIgnoresUsernameCase() {
        String username = newUsername();
        register(username);
        login(username.toUpperCase(), PASSWORD).statusCode(200);
    }

    @Test
    void duplicateUsernameIsConflict() {
        String username = newUsername();
        register(username);
        json().body(Map.of("username", username, "password", "another-password-1")).post("/api/auth/register")
                .then().statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("already taken"));
    }

    @Test
    void theInitialAdminUsernameIsReserved() {
        json().body(Map.of("username", AuthApi.ADMIN, "password", "squatting-password-1")).post("/api/auth/register")
                .then().statusCode(409).contentType(PROBLEM)
                .body("detail", equalTo("username admin is reserved"));
        login(AuthApi.ADMIN, "squatting-password-1").statusCode(401);
    }

    @Test
    void invalidRegistrationListsFieldErrors() {
        json().body(Map.of("username", "Ab", "password", "short", "displayName", "x".repeat(101)))
                .post("/api/auth/register").then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", containsInAnyOrder("username", "password", "displayName"));
        json().body(Map.of("username", "has space", "password", "p".repeat(129)))
                .post("/api/auth/register").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("username", "password"));
        json().post("/api/auth/register").then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void unknownUserAndWrongPasswordLookTheSame() {
        String username = newUsername();
        register(username);
        ExtractableResponse<Response> wrongPassword = login(username, "wrong-password-123").statusCode(401)
                .contentType(PROBLEM).extract();
        ExtractableResponse<Response> unknownUser = login(newUsername(), "wrong-password-123").statusCode(401)
                .contentType(PROBLEM).extract();

        assertThat(wrongPassword.path("detail").toString()).isEqualTo("invalid username or password");
        assertThat(unknownUser.asString()).isEqualTo(wrongPassword.asString());
        assertThat(unknownUser.headers().asList()).extracting(h -> h.getName())
                .containsExactlyInAnyOrderElementsOf(wrongPassword.headers().asList().stream()
                        .map(h -> h.getName()).toList());
    }

    @Test
    void refreshRotatesTheToken() {
        AuthApi.Session session = newSession();
        var next = refresh(session.refreshToken()).statusCode(200)
                .body("tokenType", equalTo("Bearer"))
                .body("accessToken", notNullValue())
                .extract();
        String rotated = next.path("refreshToken");
        assertThat(rotated).isNotEqualTo(session.refreshToken());

        bearer(next.path("accessToken")).get("/api/auth/me").then().statusCode(200)
                .body("id", equalTo(session.id()));
        refresh(rotated).statusCode(200);
    }

    @Test
    void reusingARotatedTokenRevokesTheWholeFamily() {
        AuthApi.Session session = newSession();
        String second = refresh(session.refreshToken()).statusCode(200).extract().path("refreshToken");

        refresh(session.refreshToken()).statusCode(401).contentType(PROBLEM)
                .body("detail", equalTo("invalid refresh token"));
        refresh(second).statusCode(401);

        String otherLogin = login(session.username(), PASSWORD).statusCode(200).extract().path("refreshToken");
        refresh(otherLogin).statusCode(200);
    }

    @Test
    void logoutRevokesTheSession() {
        AuthApi.Session session = newSession();
        json().body(Map.of("refreshToken", session.refreshToken())).post("/api/auth/logout")
                .then().statusCode(204);
        refresh(session.refreshToken()).statusCode(401).contentType(PROBLEM);
        json().body(Map.of("refreshToken", "unknown-token")).post("/api/auth/logout").then().statusCode(204);
    }

    @Test
    void unknownRefreshTokenIsUnauthorized() {
        refresh("A".repeat(43)).statusCode(401).contentType(PROBLEM)
                .body("detail", equalTo("invalid refresh token"));
        json().body(Map.of("refreshToken", " ")).post("/api/auth/refresh").then().statusCode(400);
    }

    @Test
    void meNeedsAValidTokenOfThisIssuerAndKey() {
        AuthApi.Session session = newSession();
        given().get("/api/auth/me").then().statusCode(401).contentType(PROBLEM)
                .header("WWW-Authenticate", containsString("Bearer"));
        Instant inAnHour = Instant.now().plusSeconds(3600);
        for (String token : new String[] {
                KycKeysTestResource.token("https://elsewhere.example", false, inAnHour, session.id(), "user"),
                KycKeysTestResource.token(KycKeysTestResource.ISSUER, true, inAnHour, session.id(), "user"),
                KycKeysTestResource.token(KycKeysTestResource.ISSUER, false, Instant.now().minusSeconds(600),
                        session.id(), "user"),
                KycKeysTestResource.token(KycKeysTestResource.ISSUER, "https://elsewhere.example/api", false,
                        inAnHour, session.id(), "user"),
                KycKeysTestResource.token(KycKeysTestResource.ISSUER, null, false, inAnHour, session.id(), "user"),
                session.accessToken().substring(0, session.accessToken().length() - 4) + "AAAA" }) {
            bearer(token).get("/api/auth/me").then().statusCode(401).contentType(PROBLEM)
                    .body("detail", containsString("invalid"));
        }
        bearer(KycKeysTestResource.token(KycKeysTestResource.ISSUER, false, inAnHour, session.id(), "user"))
                .get("/api/auth/me").then().statusCode(200).body("username", equalTo(session.username()));
        bearer(KycKeysTestResource.token(KycKeysTestResource.ISSUER, false, inAnHour, "not-an-account", "user"))
                .get("/api/auth/me").then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void initialAdminLogsInAsAdmin() {
        AuthApi.Session admin = AuthApi.admin();
        bearer(admin.accessToken()).get("/api/auth/me").then().statusCode(200)
                .body("username", equalTo("admin"))
                .body("groups", contains("admin"));
        bearer(admin.accessToken()).get("/api/admin/kyc").then().statusCode(200);
        bearer(admin.accessToken()).get("/api/kyc").then().statusCode(403).contentType(PROBLEM);
    }

    @Test
    void jwksIsPublic() {
        given().get("/.well-known/jwks.json").then().statusCode(200)
                .contentType("application/json")
                .header("Cache-Control", containsString("max-age"))
                .body("keys[0].kty", equalTo("RSA"))
                .body("keys[0].use", equalTo("sig"))
                .body("keys[0].alg", equalTo("RS256"))
                .body("keys[0].kid", notNullValue())
                .body("keys[0].d", nullValue());
    }
}
