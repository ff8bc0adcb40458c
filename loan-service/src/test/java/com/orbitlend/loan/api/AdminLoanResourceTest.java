package com.orbitlend.loan.api;

import com.orbitlend.events.EventType;
import com.orbitlend.events.kyc.KycApproved;
import com.orbitlend.events.kyc.KycRejected;
import com.orbitlend.events.kyc.KycSubmitted;
import com.orbitlend.loan.LoanServiceTestProfile;
import com.orbitlend.testkit.outbox.OutboxRows;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static com.orbitlend.loan.KycEvents.approvedBorrower;
import static com.orbitlend.loan.KycEvents.awaitStatus;
import static com.orbitlend.loan.KycEvents.publish;
import static com.orbitlend.loan.LoanApi.approve;
import static com.orbitlend.loan.LoanApi.as;
import static com.orbitlend.loan.LoanApi.fund;
import static com.orbitlend.loan.LoanApi.newUser;
import static com.orbitlend.loan.LoanApi.nftIdOf;
import static com.orbitlend.loan.LoanApi.reject;
import static com.orbitlend.loan.LoanApi.requestLoan;
import static com.orbitlend.loan.LoanApi.txHashOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@TestProfile(LoanServiceTestProfile.class)
class AdminLoanResourceTest {

    @Inject
    AgroalDataSource dataSource;

    private static final String PROBLEM = "application/problem+json";

    @Test
    void approveThenFund() {
        String user = approvedBorrower();
        String id = requestLoan(user);

        approve(id).statusCode(200)
                .body("id", equalTo(id))
                .body("status", equalTo("approved"))
                .body("decidedBy", equalTo("admin-1"))
                .body("amount", equalTo(1000))
                .body("borrowerKycStatus", equalTo("approved"));
        fund(id).statusCode(200)
                .body("status", equalTo("funded"))
                .body("borrowerKycStatus", equalTo("approved"))
                .body("txHash", equalTo(txHashOf(id)))
                .body("nftId", equalTo(nftIdOf(id)));

        as(user, "user").get("/api/loans/{id}", id).then().statusCode(200)
                .body("status", equalTo("funded")).body("txHash", equalTo(txHashOf(id)));
    }

    @Test
    void rejectWithReason() {
        String id = requestLoan(newUser());
        reject(id, "Insufficient collateral").statusCode(200)
                .body("status", equalTo("rejected"))
                .body("rejectionReason", equalTo("Insufficient collateral"))
                .body("decidedBy", equalTo("admin-1"))
                .body("borrowerKycStatus", equalTo("none"));
    }

    @Test
    void approvalNeedsTheBorrowersApprovedKyc() {
        String user = newUser();
        String id = requestLoan(user);
        approve(id).statusCode(409).contentType(PROBLEM)
                .body("title", equalTo("Conflict"))
                .body("detail", equalTo("borrower " + user + " has no approved KYC (KYC status: none)"));
        assertThat(OutboxRows.of(dataSource, id)).extracting(OutboxRows.Row::eventType)
                .containsExactly(EventType.LOAN_REQUESTED.type());

        Instant t = Instant.now();
        publish(new KycSubmitted("kyc-1", user), t);
        awaitStatus(user, "submitted");
        approve(id).statusCode(409).contentType(PROBLEM)
                .body("detail", equalTo("borrower " + user + " has no approved KYC (KYC status: submitted)"));
        as("admin-1", "admin").queryParam("status", "requested").queryParam("size", 100)
                .get("/api/admin/loans").then().statusCode(200)
                .body("items.find { it.id == '" + id + "' }.borrowerKycStatus", equalTo("submitted"));

        publish(new KycApproved("kyc-1", user, "kyc-admin"), t.plusSeconds(1));
        awaitStatus(user, "approved");
        approve(id).statusCode(200)
                .body("status", equalTo("approved"))
                .body("borrowerKycStatus", equalTo("approved"));

        String second = requestLoan(user);
        publish(new KycRejected("kyc-1", user, "document expired", "kyc-admin"), t.plusSeconds(2));
        awaitStatus(user, "rejected");
        approve(second).statusCode(409).contentType(PROBLEM)
                .body("detail", equalTo("borrower " + user + " has no approved KYC (KYC status: rejected)"));
        // rejecting and funding do not depend on KYC
        reject(second, "KYC rejected").statusCode(200).body("borrowerKycStatus", equalTo("rejected"));
        fund(id).statusCode(200).body("status", equalTo("funded"));
        assertThat(OutboxRows.of(dataSource, second)).extracting(OutboxRows.Row::eventType)
                .containsExactly(EventType.LOAN_REQUESTED.type(), EventType.LOAN_REJECTED.type());
    }

    @Test
    void illegalTransitionsAreConflicts() {
        String requested = requestLoan(approvedBorrower());
        fund(requested).statusCode(409).contentType(PROBLEM)
                .body("title", equalTo("Conflict"))
                .body("detail", equalTo("loan " + requested + " is requested; cannot fund"));

        approve(requested).statusCode(200);
        approve(requested).statusCode(409).contentType(PROBLEM)
                .body("detail", equalTo("loan " + requested + " is approved; cannot approve"));
        reject(requested, "late").statusCode(409);

        String rejected = requestLoan(newUser());
        reject(rejected, "no").statusCode(200);
        fund(rejected).statusCode(409).body("detail", equalTo("loan " + rejected + " is rejected; cannot fund"));
        approve(rejected).statusCode(409);
    }

    @Test
    void concurrentDecisionsHaveOneWinner() throws Exception {
        String id = requestLoan(approvedBorrower());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            CompletableFuture<Response> approval = CompletableFuture.supplyAsync(() -> {
                await(start);
                return as("admin-1", "admin").post("/api/admin/loans/{id}/approve", id);
            }, pool);
            CompletableFuture<Response> rejection = CompletableFuture.supplyAsync(() -> {
                await(start);
                return as("admin-2", "admin").body(Map.of("reason", "risk"))
                        .post("/api/admin/loans/{id}/reject", id);
            }, pool);
            start.countDown();
            List<Integer> statuses = List.of(approval.get().statusCode(), rejection.get().statusCode());
            assertThat(statuses).containsExactlyInAnyOrder(200, 409);
            assertThat(OutboxRows.of(dataSource, id)).extracting(OutboxRows.Row::eventType)
                    .hasSize(2).first().isEqualTo(EventType.LOAN_REQUESTED.type());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anNftOrTransactionFundsOneLoanOnly() {
        String user = approvedBorrower();
        String first = requestLoan(user);
        String second = requestLoan(user);
        approve(first).statusCode(200);
        approve(second).statusCode(200);
        fund(first).statusCode(200);

        fund(second, txHashOf(second), nftIdOf(first)).statusCode(409).contentType(PROBLEM)
                .body("title", equalTo("Conflict"))
                .body("detail", equalTo("nftId " + nftIdOf(first) + " is already the note of another loan"))
                .body("instance", equalTo("/api/admin/loans/" + second + "/fund"));
        fund(second, txHashOf(first), nftIdOf(second)).statusCode(409).contentType(PROBLEM)
                .body("detail", equalTo("txHash " + txHashOf(first) + " already funded another loan"));
        as(user, "user").get("/api/loans/{id}", second).then().body("status", equalTo("approved"));
        assertThat(OutboxRows.of(dataSource, second)).extracting(OutboxRows.Row::eventType)
                .containsExactly(EventType.LOAN_REQUESTED.type(), EventType.LOAN_APPROVED.type());

        fund(second).statusCode(200).body("nftId", equalTo(nftIdOf(second)));
    }

    @Test
    void aTransactionIsStoredLowerCaseAndFundsOneLoanWhateverItsLetterCase() {
        String user = approvedBorrower();
        String first = requestLoan(user);
        String second = requestLoan(user);
        approve(first).statusCode(200);
        approve(second).statusCode(200);
        String upper = "0x" + txHashOf(first).substring(2).toUpperCase();
        fund(first, upper, nftIdOf(first)).statusCode(200).body("txHash", equalTo(txHashOf(first)));

        String mixed = "0x" + txHashOf(first).substring(2, 10).toUpperCase() + txHashOf(first).substring(10);
        fund(second, mixed, nftIdOf(second)).statusCode(409).contentType(PROBLEM)
                .body("detail", equalTo("txHash " + txHashOf(first) + " already funded another loan"));
        fund(second, txHashOf(first), nftIdOf(second)).statusCode(409).contentType(PROBLEM);
        as(user, "user").get("/api/loans/{id}", second).then().body("status", equalTo("approved"));
    }

    @Test
    void concurrentFundingsWithOneNftHaveOneWinner() throws Exception {
        String user = approvedBorrower();
        for (int round = 0; round < 3; round++) {
            String a = requestLoan(user);
            String b = requestLoan(user);
            approve(a).statusCode(200);
            approve(b).statusCode(200);
            String nftId = "nft-shared-" + UUID.randomUUID();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                CountDownLatch start = new CountDownLatch(1);
                CompletableFuture<Response> fundA = CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return as("admin-1", "admin").body(Map.of("txHash", txHashOf(a), "nftId", nftId))
                            .post("/api/admin/loans/{id}/fund", a);
                }, pool);
                CompletableFuture<Response> fundB = CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return as("admin-2", "admin").body(Map.of("txHash", txHashOf(b), "nftId", nftId))
                            .post("/api/admin/loans/{id}/fund", b);
                }, pool);
                start.countDown();
                Response loser = fundA.get().statusCode() == 409 ? fundA.get() : fundB.get();
                assertThat(List.of(fundA.get().statusCode(), fundB.get().statusCode()))
                        .containsExactlyInAnyOrder(200, 409);
                assertThat(loser.contentType()).startsWith(PROBLEM);
                assertThat(loser.jsonPath().getString("detail"))
                        .isEqualTo("nftId " + nftId + " is already the note of another loan");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void unknownLoanIsNotFound() {
        approve(UUID.randomUUID().toString()).statusCode(404).contentType(PROBLEM);
        fund(UUID.randomUUID().toString()).statusCode(404).contentType(PROBLEM);
    }

    @Test
    void invalidDecisionBodiesAreBadRequests() {
        String id = requestLoan(approvedBorrower());
        as("admin-1", "admin").body(Map.of("reason", " ")).post("/api/admin/loans/{id}/reject", id)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", containsInAnyOrder("reason"));
        approve(id).statusCode(200);
        as("admin-1", "admin").body(Map.of("txHash", "0x123", "nftId", ""))
                .post("/api/admin/loans/{id}/fund", id)
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", containsInAnyOrder("txHash", "nftId"));
        as("admin-1", "admin").get("/api/admin/loans/{id}/approve", id).then().statusCode(405)
                .contentType(PROBLEM);
    }

    @Test
    void usersCannotUseTheAdminApi() {
        String user = newUser();
        String id = requestLoan(user);
        as(user, "user").post("/api/admin/loans/{id}/approve", id).then().statusCode(403)
                .contentType(PROBLEM)
                .body("status", equalTo(403))
                .body("instance", equalTo("/api/admin/loans/" + id + "/approve"));
        as(user, "user").get("/api/admin/loans").then().statusCode(403).contentType(PROBLEM);
        io.restassured.RestAssured.given().get("/api/admin/loans").then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void listsByStatusNewestFirstInPages() {
        String older = requestLoan(approvedBorrower());
        String newer = requestLoan(newUser());

        as("admin-1", "admin").queryParam("status", "requested").queryParam("size", 100)
                .get("/api/admin/loans").then().statusCode(200)
                .body("items.status", everyItem(equalTo("requested")))
                .body("items.id", hasItem(older))
                .body("total", greaterThanOrEqualTo(2))
                .body("size", equalTo(100));
        as("admin-1", "admin").queryParam("status", "requested").queryParam("size", 1)
                .get("/api/admin/loans").then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].id", equalTo(newer))
                .body("page", equalTo(0));
        as("admin-1", "admin").queryParam("status", "requested").queryParam("size", 100)
                .get("/api/admin/loans").then()
                .body("items.find { it.id == '" + older + "' }.borrowerKycStatus", equalTo("approved"))
                .body("items.find { it.id == '" + newer + "' }.borrowerKycStatus", equalTo("none"));
        approve(older).statusCode(200);
        as("admin-1", "admin").queryParam("status", "requested").queryParam("size", 100)
                .get("/api/admin/loans").then().body("items.id", not(hasItem(older)));
        as("admin-1", "admin").queryParam("status", "approved").get("/api/admin/loans").then()
                .body("items.id", hasItem(older));
        // no filter: every status
        as("admin-1", "admin").queryParam("size", 100).get("/api/admin/loans").then().statusCode(200)
                .body("items.id", hasItems(older, newer))
                .body("total", greaterThanOrEqualTo(2));
    }

    @Test
    void invalidListParametersAreBadRequests() {
        as("admin-1", "admin").queryParam("status", "lost").queryParam("size", 1000).queryParam("page", -1)
                .get("/api/admin/loans").then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", containsInAnyOrder("status", "size", "page"));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
