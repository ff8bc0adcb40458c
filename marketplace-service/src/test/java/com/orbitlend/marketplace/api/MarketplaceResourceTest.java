package com.orbitlend.marketplace.api;

import com.orbitlend.marketplace.MarketApi.FundedNote;
import com.orbitlend.marketplace.MarketplaceTestProfile;
import com.orbitlend.testkit.jwt.TestJwt;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static com.orbitlend.marketplace.MarketApi.asAdmin;
import static com.orbitlend.marketplace.MarketApi.asUser;
import static com.orbitlend.marketplace.MarketApi.buy;
import static com.orbitlend.marketplace.MarketApi.fundedNote;
import static com.orbitlend.marketplace.MarketApi.list;
import static com.orbitlend.marketplace.MarketApi.newUser;
import static com.orbitlend.marketplace.MarketApi.withdraw;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@TestProfile(MarketplaceTestProfile.class)
class MarketplaceResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void adminListsATreasuryNoteAndAnyoneSeesTheListing() {
        FundedNote note = fundedNote("1000");
        list(asAdmin(), note.nftId(), "950.50").statusCode(200)
                .body("nftId", equalTo(note.nftId()))
                .body("owner", equalTo("treasury"))
                .body("status", equalTo("listed"))
                .body("price", equalTo(950.5f))
                .body("listedAt", notNullValue());

        asUser(newUser()).get("/api/marketplace/listings?size=100").then().statusCode(200)
                .body("items.nftId", hasItem(note.nftId()))
                .body("page", equalTo(0))
                .body("size", equalTo(100));
        asUser(newUser()).get("/api/marketplace/notes/{nftId}", note.nftId()).then().statusCode(200)
                .body("status", equalTo("listed")).body("price", equalTo(950.5f));
    }

    @Test
    void listingsArePagedNewestFirst() {
        FundedNote older = fundedNote("10");
        FundedNote newer = fundedNote("20");
        list(asAdmin(), older.nftId(), "9").statusCode(200);
        list(asAdmin(), newer.nftId(), "19").statusCode(200);

        asUser(newUser()).get("/api/marketplace/listings?page=0&size=2").then().statusCode(200)
                .body("items.size()", equalTo(2))
                .body("items[0].nftId", equalTo(newer.nftId()))
                .body("items[1].nftId", equalTo(older.nftId()));
        asUser(newUser()).get("/api/marketplace/listings?size=0").then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("size"));
    }

    @Test
    void userBuysAListedNoteAndOwnsIt() {
        FundedNote note = fundedNote("500");
        list(asAdmin(), note.nftId(), "480").statusCode(200);
        String buyer = newUser();

        buy(asUser(buyer), note.nftId()).statusCode(200)
                .body("owner", equalTo(buyer))
                .body("status", equalTo("held"))
                .body("price", nullValue());

        asUser(buyer).get("/api/marketplace/my-notes").then().statusCode(200)
                .body("items.nftId", containsInAnyOrder(note.nftId()))
                .body("total", equalTo(1));
        asUser(newUser()).get("/api/marketplace/listings?size=100").then()
                .body("items.nftId", not(hasItem(note.nftId())));
        asAdmin().get("/api/marketplace/my-notes?size=100").then()
                .body("items.nftId", not(hasItem(note.nftId())));
    }

    @Test
    void newOwnerRelistsWithdrawsAndRelists() {
        FundedNote note = fundedNote("500");
        list(asAdmin(), note.nftId(), "480").statusCode(200);
        String owner = newUser();
        buy(asUser(owner), note.nftId()).statusCode(200);

        list(asUser(owner), note.nftId(), "600").statusCode(200).body("owner", equalTo(owner));
        withdraw(asUser(owner), note.nftId()).statusCode(204);
        asUser(owner).get("/api/marketplace/notes/{nftId}", note.nftId()).then()
                .body("status", equalTo("held")).body("price", nullValue());
        withdraw(asUser(owner), note.nftId()).statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("is not listed"));
        list(asUser(owner), note.nftId(), "550").statusCode(200).body("price", equalTo(550));
    }

    @Test
    void listingANoteOneDoesNotOwnIsForbidden() {
        FundedNote note = fundedNote("100");
        list(asUser(note.borrower()), note.nftId(), "90").statusCode(403).contentType(PROBLEM)
                .body("status", equalTo(403))
                .body("detail", containsString("only the owner"));
        list(asAdmin(), note.nftId(), "90").statusCode(200);
        String owner = newUser();
        buy(asUser(owner), note.nftId()).statusCode(200);
        // admins act for the treasury only, not for users
        list(asAdmin(), note.nftId(), "90").statusCode(403).contentType(PROBLEM);
        list(asUser(owner), note.nftId(), "95").statusCode(200);
        withdraw(asUser(newUser()), note.nftId()).statusCode(403).contentType(PROBLEM);
        withdraw(asAdmin(), note.nftId()).statusCode(403).contentType(PROBLEM);
    }

    @Test
    void listingTwiceIsAConflict() {
        FundedNote note = fundedNote("100");
        list(asAdmin(), note.nftId(), "90").statusCode(200);
        list(asAdmin(), note.nftId(), "80").statusCode(409).contentType(PROBLEM)
                .body("title", equalTo("Conflict"))
                .body("detail", equalTo("note " + note.nftId() + " is already listed"));
        asUser(newUser()).get("/api/marketplace/notes/{nftId}", note.nftId()).then().body("price", equalTo(90));
    }

    @Test
    void buyingOnesOwnListingIsAConflict() {
        FundedNote note = fundedNote("100");
        list(asAdmin(), note.nftId(), "90").statusCode(200);
        buy(asAdmin(), note.nftId()).statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("listed by the buyer itself"));
        String owner = newUser();
        buy(asUser(owner), note.nftId()).statusCode(200);
        list(asUser(owner), note.nftId(), "95").statusCode(200);
        buy(asUser(owner), note.nftId()).statusCode(409).contentType(PROBLEM);
    }

    @Test
    void buyingAnUnlistedNoteIsAConflict() {
        FundedNote note = fundedNote("100");
        buy(asUser(newUser()), note.nftId()).statusCode(409).contentType(PROBLEM)
                .body("detail", equalTo("note " + note.nftId() + " is not listed"));
        asUser(newUser()).get("/api/marketplace/notes/{nftId}", note.nftId()).then()
                .body("owner", equalTo("treasury"));
    }

    @Test
    void unknownNoteIsNotFound() {
        String nftId = "nft-unknown-" + newUser();
        for (var response : new io.restassured.response.ValidatableResponse[] {
                asUser(newUser()).get("/api/marketplace/notes/{nftId}", nftId).then(),
                list(asAdmin(), nftId, "1"),
                withdraw(asAdmin(), nftId),
                buy(asUser(newUser()), nftId) }) {
            response.statusCode(404).contentType(PROBLEM)
                    .body("status", equalTo(404))
                    .body("detail", equalTo("note " + nftId + " not found"));
        }
    }

    @Test
    void invalidPriceIsBadRequest() {
        FundedNote note = fundedNote("100");
        for (String price : new String[] { "0", "-1", "1.123456789" }) {
            list(asAdmin(), note.nftId(), price).statusCode(400).contentType(PROBLEM)
                    .body("title", equalTo("Bad Request"))
                    .body("errors.field", containsInAnyOrder("price"));
        }
        asAdmin().body(Map.of()).post("/api/marketplace/notes/{nftId}/listing", note.nftId()).then()
                .statusCode(400).contentType(PROBLEM).body("errors.field", containsInAnyOrder("price"));
        asAdmin().post("/api/marketplace/notes/{nftId}/listing", note.nftId()).then()
                .statusCode(400).contentType(PROBLEM);
        asAdmin().body("{\"price\": \"cheap\"}").post("/api/marketplace/notes/{nftId}/listing", note.nftId())
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", containsInAnyOrder("price"));
        asUser(newUser()).get("/api/marketplace/notes/{nftId}", note.nftId()).then().body("status", equalTo("held"));
    }

    @Test
    void everyEndpointNeedsAValidToken() {
        String user = newUser();
        given().get("/api/marketplace/listings").then().statusCode(401).contentType(PROBLEM)
                .header("WWW-Authenticate", containsString("Bearer"));
        given().post("/api/marketplace/notes/x/purchase").then().statusCode(401).contentType(PROBLEM);
        given().get("/api/marketplace/my-notes").then().statusCode(401).contentType(PROBLEM);
        for (String token : new String[] {
                TestJwt.tokenSignedByOtherKey(user, "user"),
                TestJwt.tokenFromOtherIssuer(user, "user"),
                TestJwt.tokenForOtherAudience(user, "user"),
                TestJwt.tokenWithoutAudience(user, "user"),
                TestJwt.tokenExpiringAt(Instant.now().minusSeconds(600), user, "user") }) {
            given().auth().oauth2(token).get("/api/marketplace/listings").then().statusCode(401)
                    .contentType(PROBLEM).body("detail", containsString("invalid"));
        }
    }

    @Test
    void aTokenWithoutAMarketplaceRoleIsForbidden() {
        given().auth().oauth2(TestJwt.token(newUser(), "auditor")).get("/api/marketplace/listings").then()
                .statusCode(403).contentType(PROBLEM);
    }

    @Test
    void healthReportsTheOutboxAndTheLoanEventsConsumer() {
        // a Kafka outage must not make the service not-ready: the consumer counts for liveness only
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("outbox"))
                .body(not(containsString("loan-events")));
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name.contains('Messaging') }.data.'loan-events'", startsWith("[OK]"));
    }
}
