package com.orbitlend.marketplace;

import com.orbitlend.events.CloudEvent;
import com.orbitlend.events.DomainEvent;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.Topics;
import com.orbitlend.events.loan.LoanFunded;
import com.orbitlend.testkit.jwt.TestJwt;
import com.orbitlend.testkit.kafka.TestTopics;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** REST calls of the marketplace API and loan events on Kafka, for tests. */
public final class MarketApi {

    public static final String ADMIN = "admin-1";
    public static final String TX_HASH = "0x" + "ab".repeat(32);

    /** A funded loan whose note is registered. */
    public record FundedNote(String loanId, String nftId, String borrower) {
    }

    private MarketApi() {
    }

    public static String newUser() {
        return "user-" + UUID.randomUUID();
    }

    public static RequestSpecification as(String subject, String... groups) {
        return given().auth().oauth2(TestJwt.token(subject, groups)).contentType(ContentType.JSON);
    }

    public static RequestSpecification asUser(String subject) {
        return as(subject, "user");
    }

    public static RequestSpecification asAdmin() {
        return as(ADMIN, "admin");
    }

    /** A funding event of a new USDC loan, as loan-service publishes it. */
    public static LoanFunded loanFunded(String borrower, String amount) {
        return loanFunded(borrower, amount, "USDC");
    }

    public static LoanFunded loanFunded(String borrower, String amount, String asset) {
        String loanId = UUID.randomUUID().toString();
        return new LoanFunded(loanId, borrower, new BigDecimal(amount), TX_HASH, "nft-" + loanId, asset);
    }

    /** Publishes {@code payload} as loan-service would, and returns the envelope. */
    public static CloudEvent publish(DomainEvent payload) {
        CloudEvent event = CloudEvent.wrap("/orbitlend/loan-service", payload, Instant.now());
        TestTopics.produce(Topics.LOAN_EVENTS, payload.aggregateId(), EventJson.write(event));
        return event;
    }

    public static void awaitNote(String nftId) {
        await().atMost(Duration.ofSeconds(30)).until(
                () -> asUser(newUser()).get("/api/marketplace/notes/{nftId}", nftId).statusCode() == 200);
    }

    /** Funds a loan of {@code amount} for a new borrower and waits until its note is registered. */
    public static FundedNote fundedNote(String amount) {
        LoanFunded funded = loanFunded(newUser(), amount);
        publish(funded);
        awaitNote(funded.nftId());
        return new FundedNote(funded.loanId(), funded.nftId(), funded.userId());
    }

    public static ValidatableResponse list(RequestSpecification caller, String nftId, String price) {
        return caller.body(Map.of("price", price)).post("/api/marketplace/notes/{nftId}/listing", nftId).then();
    }

    public static ValidatableResponse withdraw(RequestSpecification caller, String nftId) {
        return caller.delete("/api/marketplace/notes/{nftId}/listing", nftId).then();
    }

    public static ValidatableResponse buy(RequestSpecification caller, String nftId) {
        return caller.post("/api/marketplace/notes/{nftId}/purchase", nftId).then();
    }

    public static ValidatableResponse repay(RequestSpecification caller, String loanId, String amount) {
        return caller.body(Map.of("amount", amount)).post("/api/marketplace/loans/{loanId}/repayments", loanId)
                .then();
    }
}
