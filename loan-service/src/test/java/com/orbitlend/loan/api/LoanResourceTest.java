package com.orbitlend.loan.api;

import com.orbitlend.loan.LoanServiceTestProfile;
import com.orbitlend.testkit.jwt.TestJwt;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static com.orbitlend.loan.LoanApi.as;
import static com.orbitlend.loan.LoanApi.loanBody;
import static com.orbitlend.loan.LoanApi.newUser;
import static com.orbitlend.loan.LoanApi.requestLoan;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@TestProfile(LoanServiceTestProfile.class)
class LoanResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void userRequestsAndReadsOwnLoans() {
        String user = newUser();
        var created = as(user, "user").body(loanBody("1500.50")).post("/api/loans")
                .then().statusCode(201)
                .contentType(ContentType.JSON)
                .body("userId", equalTo(user))
                .body("amount", equalTo(1500.5f))
                .body("asset", equalTo("USDC"))
                .body("purpose", equalTo("Working capital"))
                .body("collateral.asset", equalTo("ETH"))
                .body("collateral.amount", equalTo(2.5f))
                .body("status", equalTo("requested"))
                .body("rejectionReason", nullValue())
                .body("txHash", nullValue())
                .body("createdAt", notNullValue())
                .body("$", not(hasKey("borrowerKycStatus")))
                .extract();
        String id = created.path("id");
        assertThat(created.header("Location"), endsWith("/api/loans/" + id));
        String second = requestLoan(user);

        as(user, "user").get("/api/loans/{id}", id).then().statusCode(200)
                .body("id", equalTo(id)).body("amount", equalTo(1500.5f)).body("status", equalTo("requested"));
        as(user, "user").get("/api/loans").then().statusCode(200)
                .body("id", contains(second, id));
    }

    @Test
    void anotherUsersLoanIsNotFound() {
        String id = requestLoan(newUser());
        as(newUser(), "user").get("/api/loans/{id}", id).then().statusCode(404)
                .contentType(PROBLEM)
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"))
                .body("detail", containsString(id))
                .body("instance", equalTo("/api/loans/" + id));
        as(newUser(), "user").get("/api/loans").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void invalidRequestListsEveryFieldError() {
        Map<String, Object> body = Map.of("amount", "-5", "asset", "usdc", "purpose", " ",
                "collateral", Map.of("asset", "ETH", "amount", "0.123456789"));
        as(newUser(), "user").body(body).post("/api/loans").then().statusCode(400)
                .contentType(PROBLEM)
                .body("title", equalTo("Bad Request"))
                .body("status", equalTo(400))
                .body("instance", equalTo("/api/loans"))
                .body("errors.field", containsInAnyOrder("amount", "asset", "purpose", "collateral.amount"));
    }

    @Test
    void tooLongPurposeAndMissingCollateralAreRejected() {
        Map<String, Object> body = Map.of("amount", "10", "asset", "USDC", "purpose", "x".repeat(501));
        as(newUser(), "user").body(body).post("/api/loans").then().statusCode(400)
                .contentType(PROBLEM)
                .body("errors.field", containsInAnyOrder("purpose", "collateral"));
    }

    @Test
    void missingBodyIsBadRequest() {
        as(newUser(), "user").post("/api/loans").then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void malformedJsonIsBadRequest() {
        as(newUser(), "user").body("{\"amount\": 10, ").post("/api/loans").then().statusCode(400)
                .contentType(PROBLEM)
                .body("status", equalTo(400))
                .body("detail", containsString("not valid JSON"));
    }

    @Test
    void wrongJsonTypeIsBadRequestNamingTheField() {
        as(newUser(), "user").body("{\"amount\":\"ten\",\"asset\":\"USDC\",\"purpose\":\"p\","
                + "\"collateral\":{\"asset\":\"ETH\",\"amount\":1}}")
                .post("/api/loans").then().statusCode(400)
                .contentType(PROBLEM)
                .body("errors.field", contains("amount"));
    }

    @Test
    void missingTokenIsUnauthorizedWithBearerChallenge() {
        given().get("/api/loans").then().statusCode(401)
                .contentType(PROBLEM)
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("status", equalTo(401))
                .body("title", equalTo("Unauthorized"));
    }

    @Test
    void forgedOtherIssuerAndExpiredTokensAreUnauthorized() {
        String user = newUser();
        for (String token : new String[] {
                TestJwt.tokenSignedByOtherKey(user, "user"),
                TestJwt.tokenFromOtherIssuer(user, "user"),
                TestJwt.tokenForOtherAudience(user, "user"),
                TestJwt.tokenWithoutAudience(user, "user"),
                TestJwt.tokenExpiringAt(Instant.now().minusSeconds(600), user, "user"),
                "not-a-jwt" }) {
            given().auth().oauth2(token).get("/api/loans").then().statusCode(401)
                    .contentType(PROBLEM)
                    .header("WWW-Authenticate", containsString("Bearer"))
                    .body("detail", containsString("invalid"));
        }
    }

    @Test
    void adminCannotUseTheBorrowerApi() {
        as("admin-1", "admin").get("/api/loans").then().statusCode(403).contentType(PROBLEM)
                .body("status", equalTo(403));
    }

    @Test
    void unknownPathIsNotFound() {
        as(newUser(), "user").get("/api/nothing-here").then().statusCode(404).contentType(PROBLEM)
                .body("status", equalTo(404));
    }

    @Test
    void wrongMethodIsNotAllowed() {
        as(newUser(), "user").delete("/api/loans").then().statusCode(405).contentType(PROBLEM)
                .body("status", equalTo(405))
                .body("title", equalTo("Method Not Allowed"));
    }

    @Test
    void healthReportsTheOutboxAndTheKycProjection() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("outbox"));
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.data.'kyc-events'", hasItem(containsString("OK")));
    }
}
