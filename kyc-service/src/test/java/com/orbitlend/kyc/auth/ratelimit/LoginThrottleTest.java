package com.orbitlend.kyc.auth.ratelimit;

import com.orbitlend.kyc.AuthApi;
import com.orbitlend.kyc.KycTestProfile;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static com.orbitlend.kyc.AuthApi.PASSWORD;
import static com.orbitlend.kyc.AuthApi.login;
import static com.orbitlend.kyc.AuthApi.newUsername;
import static com.orbitlend.kyc.AuthApi.randomIp;
import static com.orbitlend.kyc.AuthApi.register;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Throttling of application.properties (%test): per (username, address) 5 free failures, then 4 s doubling; per
 * address 8 free failures, then 4 s doubling; the loopback is the trusted proxy, so X-Forwarded-For names the client.
 */
@QuarkusTest
@TestProfile(KycTestProfile.class)
class LoginThrottleTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    MeterRegistry registry;

    @Test
    void aPairIsDelayedProgressivelyWithTheSameAnswerForKnownAndUnknownUsers() throws Exception {
        String known = newUsername();
        register(known);
        String unknown = newUsername();
        String ip = randomIp();
        for (int i = 0; i < 5; i++) {
            login(known, "wrong-password-" + i, ip).statusCode(401);
        }
        double throttledBefore = count("orbitlend.logins", "throttled");
        ExtractableResponse<Response> knownLimited = login(known, PASSWORD, ip).statusCode(429).contentType(PROBLEM)
                .extract();
        assertThat(count("orbitlend.logins", "throttled")).isEqualTo(throttledBefore + 1);
        String otherIp = randomIp();
        for (int i = 0; i < 5; i++) {
            login(unknown, "wrong-password-" + i, otherIp).statusCode(401);
        }
        ExtractableResponse<Response> unknownLimited = login(unknown, PASSWORD, otherIp).statusCode(429).extract();
        assertThat(knownLimited.asString()).isEqualTo(unknownLimited.asString());
        assertThat(knownLimited.path("detail").toString()).isEqualTo(LoginThrottle.DETAIL);
        assertThat(Long.parseLong(knownLimited.header("Retry-After"))).isBetween(1L, 4L);

        Thread.sleep(4100); // the first delay (4 s in %test) is over: one more attempt, failed again
        login(known, "wrong-password-5", ip).statusCode(401);
        // ... and the next delay is twice as long
        assertThat(Long.parseLong(login(known, PASSWORD, ip).statusCode(429).extract().header("Retry-After")))
                .isBetween(5L, 8L);
    }

    @Test
    void nobodyCanLockTheOnlyAdminOut() {
        // what locked an account before: many failures for its name from a handful of addresses
        for (int address = 0; address < 4; address++) {
            String ip = randomIp();
            for (int i = 0; i < 5; i++) {
                login(AuthApi.ADMIN, "guess-" + i, ip).statusCode(401);
            }
            login(AuthApi.ADMIN, AuthApi.ADMIN_PASSWORD, ip).statusCode(429);
        }
        login(AuthApi.ADMIN, AuthApi.ADMIN_PASSWORD, randomIp()).statusCode(200);
    }

    @Test
    void aSuccessClearsThePairOnly() {
        String username = newUsername();
        register(username);
        String ip = randomIp();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 4; i++) {
                login(username, "wrong-password-" + i, ip).statusCode(401);
            }
            login(username, PASSWORD, ip).statusCode(200);
        }
        double successes = count("orbitlend.logins", "success");
        login(username, PASSWORD, ip).statusCode(200);
        assertThat(count("orbitlend.logins", "success")).isEqualTo(successes + 1);
    }

    @Test
    void anAddressIsDelayedAcrossUsernamesAndOthersAreNot() {
        String ip = randomIp();
        double badBefore = count("orbitlend.logins", "bad_credentials");
        for (int i = 0; i < 8; i++) {
            login(newUsername(), "wrong-password-1", ip).statusCode(401);
        }
        assertThat(count("orbitlend.logins", "bad_credentials")).isEqualTo(badBefore + 8);
        String username = newUsername();
        register(username);
        login(username, PASSWORD, ip).statusCode(429).header("Retry-After", notNullValue());
        login(username, PASSWORD, randomIp()).statusCode(200);
    }

    @Test
    void anIpv6SubscriberIsOneAddressPerSlash64() {
        String username = newUsername();
        register(username);
        String prefix = "2001:db8:" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1, 0xffff)) + ":7:";
        for (int i = 0; i < 5; i++) {
            login(username, "wrong-password-" + i, prefix + Integer.toHexString(i + 1) + "::1").statusCode(401);
        }
        login(username, PASSWORD, prefix + "abcd:1:2:3").statusCode(429);
        login(username, PASSWORD, "2001:db8:ffff:8::1").statusCode(200);
    }

    @Test
    void onlyTheRightMostUntrustedForwardedAddressCounts() {
        String username = newUsername();
        register(username);
        String client = randomIp();
        for (int i = 0; i < 5; i++) {
            // the left-most entries are the client's own words: a new one each time changes nothing
            viaProxy(username, "wrong-password-" + i, randomIp() + ", " + client).statusCode(401);
        }
        viaProxy(username, PASSWORD, randomIp() + ", " + client).statusCode(429);
        viaProxy(username, PASSWORD, client + ", " + randomIp()).statusCode(200);
    }

    @Test
    void aUsernameThatGrowsWhenCaseFoldedIsAnOrdinaryFailure() {
        String growing = "\u0130".repeat(64); // İ lower-cases to two chars: 128 > the 64 of a username
        login(growing, "wrong-password-1", randomIp()).statusCode(401).contentType(PROBLEM);
        login("\u0130" + newUsername(), PASSWORD, randomIp()).statusCode(401);
    }

    private static ValidatableResponse viaProxy(String username, String password, String forwardedFor) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", forwardedFor)
                .body(Map.of("username", username, "password", password)).post("/api/auth/login").then();
    }

    private double count(String name, String outcome) {
        var counter = registry.find(name).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
