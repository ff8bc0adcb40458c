package com.orbitlend.loan.api;

import com.orbitlend.loan.LoanApi;
import com.orbitlend.loan.LoanServiceTestProfile;
import com.orbitlend.testkit.fuzz.Fuzz;
import com.orbitlend.testkit.fuzz.RestFuzz;
import com.orbitlend.testkit.fuzz.RestFuzz.Endpoint;
import com.orbitlend.testkit.jwt.TestJwt;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static com.orbitlend.loan.KycEvents.approvedBorrower;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every REST endpoint of loan-service under a seeded stream of broken requests (test-kit {@link RestFuzz}): no
 * answer is a 5xx, and every 400 is problem+json. Rerun a failure with {@code -Dfuzz.seed=<printed seed>}.
 */
@QuarkusTest
@TestProfile(LoanServiceTestProfile.class)
class RestFuzzTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void noBrokenRequestGetsA5xx() throws Exception {
        String borrower = approvedBorrower();
        String loan = LoanApi.requestLoan(borrower);
        String approved = LoanApi.requestLoan(borrower);
        LoanApi.approve(approved).statusCode(200);
        Supplier<String> user = () -> TestJwt.token(borrower, "user");
        Supplier<String> admin = () -> TestJwt.token("admin-fuzz", "admin");
        Map<String, Object> loanBody = Map.of("amount", 1500, "asset", "USDC", "purpose", "Bridge loan",
                "collateral", Map.of("asset", "ETH", "amount", 0.8));
        List<Endpoint> endpoints = List.of(
                new Endpoint("POST", "/api/loans", Map.of(), loanBody, List.of(), user),
                new Endpoint("GET", "/api/loans", Map.of(), null, List.of(), user),
                new Endpoint("GET", "/api/loans/{id}", Map.of("id", loan), null, List.of(), user),
                new Endpoint("GET", "/api/admin/loans", Map.of(), null, List.of("status", "page", "size"), admin),
                new Endpoint("POST", "/api/admin/loans/{id}/approve", Map.of("id", loan), null, List.of(), admin),
                new Endpoint("POST", "/api/admin/loans/{id}/reject", Map.of("id", loan),
                        Map.of("reason", "Collateral too volatile"), List.of(), admin),
                new Endpoint("POST", "/api/admin/loans/{id}/fund", Map.of("id", approved),
                        Map.of("txHash", LoanApi.txHashOf(approved), "nftId", "nft-" + approved), List.of(), admin));

        List<RestFuzz.Outcome> outcomes = new RestFuzz(base.toURI(), Fuzz.random("loan RestFuzzTest"), Map::of)
                .run(endpoints, 300);

        assertThat(outcomes).hasSizeGreaterThanOrEqualTo(300)
                .allSatisfy(o -> assertThat(o.status()).as(o.toString()).isLessThan(500))
                .filteredOn(o -> o.status() == 400)
                .isNotEmpty()
                .allSatisfy(o -> assertThat(o.contentType()).as(o.toString()).startsWith("application/problem+json"));
    }
}
