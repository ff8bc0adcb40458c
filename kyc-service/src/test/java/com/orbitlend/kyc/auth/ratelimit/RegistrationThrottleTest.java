package com.orbitlend.kyc.auth.ratelimit;

import com.orbitlend.kyc.AuthApi;
import com.orbitlend.kyc.KycTestProfile;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static com.orbitlend.kyc.AuthApi.newUsername;
import static com.orbitlend.kyc.AuthApi.randomIp;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** %test: 5 registrations per address and hour; the overall limit is checked through the bean with small limits. */
@QuarkusTest
@TestProfile(KycTestProfile.class)
class RegistrationThrottleTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    RegistrationThrottle throttle;

    @Inject
    EntityManager em;

    @Inject
    MeterRegistry registry;

    @Test
    void anAddressRegistersFiveTimesAnHourThenWaits() {
        String ip = randomIp();
        for (int i = 0; i < 5; i++) {
            register(newUsername(), ip).statusCode(201);
        }
        double throttled = counter("throttled");
        String retryAfter = register(newUsername(), ip).statusCode(429).contentType(PROBLEM)
                .body("detail", equalTo(RegistrationThrottle.DETAIL)).extract().header("Retry-After");
        assertThat(Long.parseLong(retryAfter)).isBetween(3000L, 3600L);
        assertThat(counter("throttled")).isEqualTo(throttled + 1);
        register(newUsername(), randomIp()).statusCode(201);
    }

    @Test
    void invalidRegistrationsCostNothingAndCountForNothing() {
        String ip = randomIp();
        long hashes = hashes();
        for (int i = 0; i < 8; i++) {
            given().contentType(ContentType.JSON).header("X-Forwarded-For", ip)
                    .body(Map.of("username", "Not Valid", "password", "short")).post("/api/auth/register")
                    .then().statusCode(400);
        }
        assertThat(hashes()).isEqualTo(hashes);
        register(newUsername(), ip).statusCode(201);
    }

    @Test
    void everyRegistrationHashesOnceWhetherTheNameIsFreeTakenOrReserved() {
        String taken = newUsername();
        AuthApi.register(taken);
        long before = hashes();
        register(newUsername(), randomIp()).statusCode(201);
        assertThat(hashes()).isEqualTo(before + 1);
        register(taken, randomIp()).statusCode(409).body("detail", containsString("already taken"));
        assertThat(hashes()).isEqualTo(before + 2);
        register(AuthApi.ADMIN, randomIp()).statusCode(409).body("detail", containsString("reserved"));
        assertThat(hashes()).isEqualTo(before + 3);
    }

    @Test
    void theOverallLimitHoldsWhateverTheAddresses() {
        Duration minute = Duration.ofMinutes(1);
        long recent = ((Number) em.createNativeQuery(
                "SELECT count(*) FROM registration_attempt WHERE attempted_at > now() - interval '1 minute'")
                .getSingleResult()).longValue();
        RegistrationThrottle.Limits limits = new RegistrationThrottle.Limits(100, minute, (int) recent + 2, minute);
        throttle.reserve(randomIp(), limits);
        throttle.reserve(randomIp(), limits);
        assertThatThrownBy(() -> throttle.reserve(randomIp(), limits))
                .isInstanceOfSatisfying(ThrottledException.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(minute);
                });
    }

    private static ValidatableResponse register(String username, String ip) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", ip)
                .body(Map.of("username", username, "password", AuthApi.PASSWORD)).post("/api/auth/register").then();
    }

    private long hashes() {
        Timer timer = registry.find("orbitlend.password.hash").tag("operation", "hash").timer();
        return timer == null ? 0 : timer.count();
    }

    private double counter(String outcome) {
        var counter = registry.find("orbitlend.registrations").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
