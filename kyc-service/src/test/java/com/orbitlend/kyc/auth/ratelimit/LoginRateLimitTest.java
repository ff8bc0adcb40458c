package com.orbitlend.kyc.auth.ratelimit;

import com.orbitlend.kyc.KycTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static com.orbitlend.kyc.AuthApi.PASSWORD;
import static com.orbitlend.kyc.AuthApi.login;
import static com.orbitlend.kyc.AuthApi.newUsername;
import static com.orbitlend.kyc.AuthApi.randomIp;
import static com.orbitlend.kyc.AuthApi.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Limits of application.properties in 15 minutes: 5 failures per username and IP, 20 per IP, and (%test) 12 per
 * username from all IPs.
 */
@QuarkusTest
@TestProfile(KycTestProfile.class)
class LoginRateLimitTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void failuresOfOneUsernameFromOneIpAreLimitedWithoutRevealingExistence() {
        String known = newUsername();
        register(known);
        String unknown = newUsername();
        String ip = randomIp();
        for (int i = 0; i < 5; i++) {
            login(known, "wrong-password-" + i, ip).statusCode(401);
            login(unknown, "wrong-password-" + i, ip).statusCode(401);
        }

        ExtractableResponse<Response> knownLimited = login(known, PASSWORD, ip).statusCode(429).contentType(PROBLEM)
                .extract();
        ExtractableResponse<Response> unknownLimited = login(unknown, PASSWORD, ip).statusCode(429).extract();

        assertThat(knownLimited.asString()).isEqualTo(unknownLimited.asString());
        assertThat(knownLimited.path("detail").toString()).contains("too many failed login attempts");
        long retryAfter = Long.parseLong(knownLimited.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 15 * 60L);
        assertThat(unknownLimited.header("Retry-After")).isNotNull();
    }

    @Test
    void aUserLockedOutFromOneIpStillLogsInFromAnother() {
        String username = newUsername();
        register(username);
        String attacker = randomIp();
        for (int i = 0; i < 5; i++) {
            login(username, "wrong-password-" + i, attacker).statusCode(401);
        }
        login(username, PASSWORD, attacker).statusCode(429);

        String owner = randomIp();
        login(username, PASSWORD, owner).statusCode(200);
        login(username, "wrong-password-9", owner).statusCode(401);
        login(username, PASSWORD, owner).statusCode(200);
        login(username, PASSWORD, attacker).statusCode(429);
    }

    @Test
    void failuresFromOneIpAreLimitedAcrossUsernames() {
        String ip = randomIp();
        for (int i = 0; i < 20; i++) {
            login(newUsername(), "wrong-password-1", ip).statusCode(401);
        }
        String username = newUsername();
        register(username);
        login(username, PASSWORD, ip).statusCode(429).header("Retry-After", notNullValue());
        login(username, PASSWORD, randomIp()).statusCode(200);
    }

    @Test
    void failuresOfOneUsernameFromManyIpsHitTheBackstopWithoutRevealingExistence() {
        String known = newUsername();
        register(known);
        String unknown = newUsername();
        for (int i = 0; i < 12; i++) {
            String ip = randomIp();
            login(known, "wrong-password-" + i, ip).statusCode(401);
            login(unknown, "wrong-password-" + i, ip).statusCode(401);
        }

        String freshIp = randomIp();
        ExtractableResponse<Response> knownLimited = login(known, PASSWORD, freshIp).statusCode(429)
                .contentType(PROBLEM).extract();
        ExtractableResponse<Response> unknownLimited = login(unknown, PASSWORD, freshIp).statusCode(429).extract();
        assertThat(knownLimited.asString()).isEqualTo(unknownLimited.asString());
        assertThat(Long.parseLong(knownLimited.header("Retry-After"))).isBetween(1L, 15 * 60L);
        assertThat(unknownLimited.header("Retry-After")).isNotNull();
    }

    @Test
    void successResetsTheUsernamesFailuresFromThatIp() {
        String username = newUsername();
        register(username);
        String ip = randomIp();
        for (int i = 0; i < 4; i++) {
            login(username, "wrong-password-1", ip).statusCode(401);
        }
        login(username, PASSWORD, ip).statusCode(200);
        for (int i = 0; i < 4; i++) {
            login(username, "wrong-password-2", ip).statusCode(401);
        }
        login(username, PASSWORD, ip).statusCode(200);
    }
}
