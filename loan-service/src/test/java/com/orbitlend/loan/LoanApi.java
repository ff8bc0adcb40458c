package com.orbitlend.loan;

import com.orbitlend.testkit.jwt.TestJwt;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** REST calls of the loan API as a user or an admin, for tests. */
public final class LoanApi {

    private LoanApi() {
    }

    public static String newUser() {
        return "user-" + UUID.randomUUID();
    }

    public static RequestSpecification as(String subject, String... groups) {
        return given().auth().oauth2(TestJwt.token(subject, groups)).contentType(ContentType.JSON);
    }

    public static Map<String, Object> loanBody(String amount) {
        return Map.of("amount", amount, "asset", "USDC", "purpose", "Working capital",
                "collateral", Map.of("asset", "ETH", "amount", "2.5"));
    }

    /** Requests a loan of 1000 USDC and returns its id. */
    public static String requestLoan(String user) {
        return as(user, "user").body(loanBody("1000")).post("/api/loans")
                .then().statusCode(201).extract().path("id");
    }

    public static ValidatableResponse approve(String loanId) {
        return as("admin-1", "admin").post("/api/admin/loans/{id}/approve", loanId).then();
    }

    public static ValidatableResponse reject(String loanId, String reason) {
        return as("admin-1", "admin").body(Map.of("reason", reason))
                .post("/api/admin/loans/{id}/reject", loanId).then();
    }

    /** Funds with this loan's own {@link #txHashOf} and {@link #nftIdOf}: each funding is unique. */
    public static ValidatableResponse fund(String loanId) {
        return fund(loanId, txHashOf(loanId), nftIdOf(loanId));
    }

    public static ValidatableResponse fund(String loanId, String txHash, String nftId) {
        return as("admin-1", "admin").body(Map.of("txHash", txHash, "nftId", nftId))
                .post("/api/admin/loans/{id}/fund", loanId).then();
    }

    /** A transaction hash (0x and 64 hex digits) of its own for a loan id (a UUID). */
    public static String txHashOf(String loanId) {
        String hex = loanId.replace("-", "");
        return "0x" + hex + hex;
    }

    public static String nftIdOf(String loanId) {
        return "nft-" + loanId;
    }
}
