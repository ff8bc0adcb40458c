package com.orbitlend.marketplace.api;

import com.orbitlend.marketplace.MarketApi;
import com.orbitlend.marketplace.MarketplaceTestProfile;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every REST endpoint of marketplace-service under a seeded stream of broken requests (test-kit {@link RestFuzz}):
 * no answer is a 5xx, and every 400 is problem+json. Rerun a failure with {@code -Dfuzz.seed=<printed seed>}.
 */
@QuarkusTest
@TestProfile(MarketplaceTestProfile.class)
class RestFuzzTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void noBrokenRequestGetsA5xx() throws Exception {
        MarketApi.FundedNote note = MarketApi.fundedNote("1500");
        Supplier<String> user = () -> TestJwt.token(note.borrower(), "user");
        Supplier<String> admin = () -> TestJwt.token(MarketApi.ADMIN, "admin");
        Supplier<String> buyer = () -> TestJwt.token("buyer-fuzz", "user");
        Map<String, String> nft = Map.of("nftId", note.nftId());
        List<Endpoint> endpoints = List.of(
                new Endpoint("GET", "/api/marketplace/listings", Map.of(), null, List.of("page", "size"), user),
                new Endpoint("GET", "/api/marketplace/my-notes", Map.of(), null, List.of("page", "size"), user),
                new Endpoint("GET", "/api/marketplace/notes/{nftId}", nft, null, List.of(), user),
                new Endpoint("POST", "/api/marketplace/notes/{nftId}/listing", nft, Map.of("price", 1450), List.of(),
                        admin),
                new Endpoint("DELETE", "/api/marketplace/notes/{nftId}/listing", nft, null, List.of(), admin),
                new Endpoint("POST", "/api/marketplace/notes/{nftId}/purchase", nft, null, List.of(), buyer),
                new Endpoint("POST", "/api/marketplace/loans/{loanId}/repayments", Map.of("loanId", note.loanId()),
                        Map.of("amount", 10), List.of(), user));

        List<RestFuzz.Outcome> outcomes = new RestFuzz(base.toURI(), Fuzz.random("marketplace RestFuzzTest"),
                Map::of).run(endpoints, 300);

        assertThat(outcomes).hasSizeGreaterThanOrEqualTo(300)
                .allSatisfy(o -> assertThat(o.status()).as(o.toString()).isLessThan(500))
                .filteredOn(o -> o.status() == 400)
                .isNotEmpty()
                .allSatisfy(o -> assertThat(o.contentType()).as(o.toString()).startsWith("application/problem+json"));
    }
}
