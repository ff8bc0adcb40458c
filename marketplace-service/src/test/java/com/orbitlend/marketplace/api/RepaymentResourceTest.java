package com.orbitlend.marketplace.api;

import com.orbitlend.marketplace.MarketApi.FundedNote;
import com.orbitlend.marketplace.MarketplaceTestProfile;
import com.orbitlend.marketplace.Rows;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static com.orbitlend.marketplace.MarketApi.asAdmin;
import static com.orbitlend.marketplace.MarketApi.asUser;
import static com.orbitlend.marketplace.MarketApi.buy;
import static com.orbitlend.marketplace.MarketApi.fundedNote;
import static com.orbitlend.marketplace.MarketApi.list;
import static com.orbitlend.marketplace.MarketApi.newUser;
import static com.orbitlend.marketplace.MarketApi.repay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@TestProfile(MarketplaceTestProfile.class)
class RepaymentResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void repaymentsAreCreditedToTheCurrentOwnerUntilTheNoteIsRepaid() {
        FundedNote note = fundedNote("1000");
        repay(asUser(note.borrower()), note.loanId(), "100").statusCode(201)
                .body("id", notNullValue())
                .body("loanId", equalTo(note.loanId()))
                .body("amount", equalTo(100))
                .body("creditedOwner", equalTo("treasury"))
                .body("outstanding", equalTo(900))
                .body("recordedAt", notNullValue());
        list(asAdmin(), note.nftId(), "850").statusCode(200);
        String investor = newUser();
        buy(asUser(investor), note.nftId()).statusCode(200);

        repay(asUser(note.borrower()), note.loanId(), "899.99999999").statusCode(201)
                .body("creditedOwner", equalTo(investor))
                .body("outstanding", equalTo(0.00000001f));
        repay(asUser(note.borrower()), note.loanId(), "0.00000001").statusCode(201)
                .body("outstanding", equalTo(0));

        asUser(investor).get("/api/marketplace/notes/{nftId}", note.nftId()).then().statusCode(200)
                .body("status", equalTo("repaid"))
                .body("outstanding", equalTo(0))
                .body("principal", equalTo(1000))
                .body("owner", equalTo(investor));
        assertThat(Rows.ledger(dataSource, note.loanId())).containsExactly(
                "100 treasury 900",
                "899.99999999 " + investor + " 0.00000001",
                "0.00000001 " + investor + " 0");
    }

    @Test
    void aRepaidNoteCannotBeListedNorRepaidAgain() {
        FundedNote note = fundedNote("50");
        repay(asUser(note.borrower()), note.loanId(), "50").statusCode(201);
        list(asAdmin(), note.nftId(), "10").statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("fully repaid"));
        repay(asUser(note.borrower()), note.loanId(), "1").statusCode(409).contentType(PROBLEM);
    }

    @Test
    void theLastRepaymentEndsAListing() {
        FundedNote note = fundedNote("50");
        list(asAdmin(), note.nftId(), "45").statusCode(200);
        repay(asUser(note.borrower()), note.loanId(), "50").statusCode(201);
        asUser(newUser()).get("/api/marketplace/notes/{nftId}", note.nftId()).then()
                .body("status", equalTo("repaid")).body("price", nullValue());
        buy(asUser(newUser()), note.nftId()).statusCode(409).contentType(PROBLEM);
    }

    @Test
    void overRepaymentIsAConflictAndChangesNothing() {
        FundedNote note = fundedNote("100");
        repay(asUser(note.borrower()), note.loanId(), "100.00000001").statusCode(409).contentType(PROBLEM)
                .body("title", equalTo("Conflict"))
                .body("detail", equalTo("note " + note.nftId() + " has 100 outstanding; cannot repay 100.00000001"));
        asUser(newUser()).get("/api/marketplace/notes/{nftId}", note.nftId()).then()
                .body("outstanding", equalTo(100));
        assertThat(Rows.ledger(dataSource, note.loanId())).isEmpty();
    }

    @Test
    void onlyTheBorrowerRepays() {
        FundedNote note = fundedNote("100");
        repay(asUser(newUser()), note.loanId(), "10").statusCode(403).contentType(PROBLEM)
                .body("detail", containsString("only the borrower"));
        repay(asAdmin(), note.loanId(), "10").statusCode(403).contentType(PROBLEM);
        assertThat(Rows.ledger(dataSource, note.loanId())).isEmpty();
    }

    @Test
    void unknownLoanIsNotFound() {
        repay(asUser(newUser()), "no-such-loan", "10").statusCode(404).contentType(PROBLEM)
                .body("detail", equalTo("no loan note for loan no-such-loan"));
    }

    @Test
    void invalidAmountIsBadRequest() {
        FundedNote note = fundedNote("100");
        for (String amount : new String[] { "0", "-3", "0.000000001" }) {
            repay(asUser(note.borrower()), note.loanId(), amount).statusCode(400).contentType(PROBLEM)
                    .body("errors.field", containsInAnyOrder("amount"));
        }
        asUser(note.borrower()).post("/api/marketplace/loans/{loanId}/repayments", note.loanId()).then()
                .statusCode(400).contentType(PROBLEM);
    }
}
