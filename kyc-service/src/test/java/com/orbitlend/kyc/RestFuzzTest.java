package com.orbitlend.kyc;

import com.orbitlend.testkit.fuzz.Fuzz;
import com.orbitlend.testkit.fuzz.RestFuzz;
import com.orbitlend.testkit.fuzz.RestFuzz.Endpoint;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every REST endpoint of kyc-service under a seeded stream of broken requests (test-kit {@link RestFuzz}): no
 * answer is a 5xx, and every 400 is problem+json. Rerun a failure with {@code -Dfuzz.seed=<printed seed>}.
 */
@QuarkusTest
@TestProfile(KycTestProfile.class)
class RestFuzzTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void noBrokenRequestGetsA5xx() throws Exception {
        AuthApi.Session user = AuthApi.newSession();
        Supplier<String> userToken = user::accessToken;
        Supplier<String> adminToken = () -> KycApi.admin().accessToken();
        String kycId = KycApi.submitted(AuthApi.newSession());
        Map<String, Object> credentials = Map.of("username", AuthApi.newUsername(), "password", AuthApi.PASSWORD,
                "displayName", "Fuzzy");
        Map<String, Object> kyc = Map.of("fullName", "Ada Lovelace", "dateOfBirth", "1990-12-10", "country", "GB",
                "documents", List.of(Map.of("type", "passport", "reference", "upload-1")));
        List<Endpoint> endpoints = List.of(
                new Endpoint("POST", "/api/auth/register", Map.of(), credentials, List.of(), null),
                new Endpoint("POST", "/api/auth/login", Map.of(),
                        Map.of("username", user.username(), "password", "wrong-password-1"), List.of(), null),
                new Endpoint("POST", "/api/auth/refresh", Map.of(), Map.of("refreshToken", "A".repeat(43)),
                        List.of(), null),
                new Endpoint("POST", "/api/auth/logout", Map.of(), Map.of("refreshToken", "B".repeat(43)),
                        List.of(), null),
                new Endpoint("GET", "/api/auth/me", Map.of(), null, List.of(), userToken),
                new Endpoint("GET", "/.well-known/jwks.json", Map.of(), null, List.of(), null),
                new Endpoint("POST", "/api/kyc", Map.of(), kyc, List.of(), () -> AuthApi.newSession().accessToken()),
                new Endpoint("GET", "/api/kyc", Map.of(), null, List.of(), userToken),
                new Endpoint("GET", "/api/admin/kyc", Map.of(), null, List.of("status", "page", "size"), adminToken),
                new Endpoint("GET", "/api/admin/kyc/{id}", Map.of("id", kycId), null, List.of(), adminToken),
                new Endpoint("POST", "/api/admin/kyc/{id}/approve", Map.of("id", UUID.randomUUID().toString()),
                        null, List.of(), adminToken),
                new Endpoint("POST", "/api/admin/kyc/{id}/reject", Map.of("id", kycId),
                        Map.of("reason", "Blurry scan"), List.of(), adminToken));

        List<RestFuzz.Outcome> outcomes = new RestFuzz(base.toURI(), Fuzz.random("kyc RestFuzzTest"),
                () -> Map.of("X-Forwarded-For", AuthApi.randomIp())).run(endpoints, 250);

        assertThat(outcomes).hasSizeGreaterThanOrEqualTo(250)
                .allSatisfy(o -> assertThat(o.status()).as(o.toString()).isLessThan(500))
                .filteredOn(o -> o.status() == 400)
                .isNotEmpty()
                .allSatisfy(o -> assertThat(o.contentType()).as(o.toString()).startsWith("application/problem+json"));
    }
}
