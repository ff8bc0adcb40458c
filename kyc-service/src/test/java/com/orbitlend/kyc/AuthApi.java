package com.orbitlend.kyc;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;

/** REST calls of the auth API for tests. Each call comes from a random client IP unless one is given. */
public final class AuthApi {

    public static final String PASSWORD = "correct-horse-battery";
    /** The %test initial admin of application.properties. */
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "test-admin-password-0001";

    private AuthApi() {
    }

    /** A registered user and the tokens of its login. */
    public record Session(String id, String username, String accessToken, String refreshToken) {
    }

    public static String newUsername() {
        return "user-" + UUID.randomUUID().toString().substring(0, 13);
    }

    public static String randomIp() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
    }

    public static RequestSpecification json() {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", randomIp());
    }

    public static RequestSpecification bearer(String accessToken) {
        return json().auth().oauth2(accessToken);
    }

    public static String register(String username) {
        return json().body(Map.of("username", username, "password", PASSWORD)).post("/api/auth/register")
                .then().statusCode(201).extract().path("id");
    }

    public static ValidatableResponse login(String username, String password) {
        return login(username, password, randomIp());
    }

    public static ValidatableResponse login(String username, String password, String clientIp) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", clientIp)
                .body(Map.of("username", username, "password", password)).post("/api/auth/login").then();
    }

    public static ValidatableResponse refresh(String refreshToken) {
        return json().body(Map.of("refreshToken", refreshToken)).post("/api/auth/refresh").then();
    }

    /** Registers a new user and logs it in. */
    public static Session newSession() {
        String username = newUsername();
        String id = register(username);
        var tokens = login(username, PASSWORD).statusCode(200).extract();
        return new Session(id, username, tokens.path("accessToken"), tokens.path("refreshToken"));
    }

    /** The initial admin, logged in. */
    public static Session admin() {
        var tokens = login(ADMIN, ADMIN_PASSWORD).statusCode(200).extract();
        String access = tokens.path("accessToken");
        String id = bearer(access).get("/api/auth/me").then().statusCode(200).extract().path("id");
        return new Session(id, ADMIN, access, tokens.path("refreshToken"));
    }
}
