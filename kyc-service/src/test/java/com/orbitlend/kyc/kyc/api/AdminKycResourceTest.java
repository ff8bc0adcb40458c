package com.orbitlend.kyc.kyc.api;

import com.orbitlend.kyc.AuthApi;
import com.orbitlend.kyc.KycApi;
import com.orbitlend.kyc.KycTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.orbitlend.kyc.AuthApi.bearer;
import static com.orbitlend.kyc.AuthApi.newSession;
import static com.orbitlend.kyc.KycApi.approve;
import static com.orbitlend.kyc.KycApi.reject;
import static com.orbitlend.kyc.KycApi.submitted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@TestProfile(KycTestProfile.class)
class AdminKycResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void adminReadsAndApproves() {
        AuthApi.Session user = newSession();
        String id = submitted(user);
        String adminId = KycApi.admin().id();

        admin().get("/api/admin/kyc/{id}", id).then().statusCode(200)
                .body("id", equalTo(id)).body("userId", equalTo(user.id())).body("fullName", equalTo("Ada Lovelace"));
        approve(id).statusCode(200)
                .body("status", equalTo("approved"))
                .body("decidedBy", equalTo(adminId))
                .body("decidedAt", notNullValue());
    }

    @Test
    void rejectWithReason() {
        String id = submitted(newSession());
        reject(id, "  Passport expired ").statusCode(200)
                .body("status", equalTo("rejected"))
                .body("rejectionReason", equalTo("Passport expired"));
    }

    @Test
    void decisionsAreFinal() {
        String approved = submitted(newSession());
        approve(approved).statusCode(200);
        approve(approved).statusCode(409).contentType(PROBLEM)
                .body("title", equalTo("Conflict"))
                .body("detail", equalTo("kyc " + approved + " is approved; cannot approve"));
        reject(approved, "late").statusCode(409);

        String rejected = submitted(newSession());
        reject(rejected, "no").statusCode(200);
        approve(rejected).statusCode(409).body("detail", equalTo("kyc " + rejected + " is rejected; cannot approve"));
    }

    @Test
    void listsByStatusNewestFirstInPages() {
        String older = submitted(newSession());
        String newer = submitted(newSession());

        admin().queryParam("status", "submitted").queryParam("size", 100).get("/api/admin/kyc").then()
                .statusCode(200)
                .body("items.status", everyItem(equalTo("submitted")))
                .body("items.id", hasItem(older))
                .body("total", greaterThanOrEqualTo(2));
        admin().queryParam("status", "submitted").queryParam("size", 1).get("/api/admin/kyc").then()
                .body("items", hasSize(1)).body("items[0].id", equalTo(newer)).body("page", equalTo(0));
        approve(older).statusCode(200);
        admin().queryParam("status", "submitted").queryParam("size", 100).get("/api/admin/kyc").then()
                .body("items.id", not(hasItem(older)));
        admin().queryParam("status", "approved").queryParam("size", 100).get("/api/admin/kyc").then()
                .body("items.id", hasItem(older));
    }

    @Test
    void concurrentDecisionsHaveOneWinner() throws Exception {
        String id = submitted(newSession());
        RequestSpecification approver = admin();
        RequestSpecification rejecter = admin().body(Map.of("reason", "risk"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<Integer> approval = pool.submit(() -> {
                start.await();
                return approver.post("/api/admin/kyc/{id}/approve", id).statusCode();
            });
            Future<Integer> rejection = pool.submit(() -> {
                start.await();
                return rejecter.post("/api/admin/kyc/{id}/reject", id).statusCode();
            });
            start.countDown();
            assertThat(List.of(approval.get(), rejection.get())).containsExactlyInAnyOrder(200, 409);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void unknownSubmissionIsNotFound() {
        String id = UUID.randomUUID().toString();
        admin().get("/api/admin/kyc/{id}", id).then().statusCode(404).contentType(PROBLEM);
        approve(id).statusCode(404).contentType(PROBLEM);
        reject(id, "why").statusCode(404);
    }

    @Test
    void invalidParametersAndBodiesAreBadRequests() {
        admin().queryParam("status", "lost").queryParam("size", 1000).queryParam("page", -1)
                .get("/api/admin/kyc").then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", containsInAnyOrder("status", "size", "page"));
        String id = submitted(newSession());
        admin().body(Map.of("reason", " ")).post("/api/admin/kyc/{id}/reject", id).then().statusCode(400)
                .body("errors.field", containsInAnyOrder("reason"));
        admin().body(Map.of("reason", "r".repeat(501))).post("/api/admin/kyc/{id}/reject", id).then()
                .statusCode(400);
    }

    @Test
    void usersCannotReview() {
        AuthApi.Session user = newSession();
        String id = submitted(user);
        bearer(user.accessToken()).get("/api/admin/kyc").then().statusCode(403).contentType(PROBLEM);
        bearer(user.accessToken()).post("/api/admin/kyc/{id}/approve", id).then().statusCode(403);
        AuthApi.json().post("/api/admin/kyc/{id}/approve", id).then().statusCode(401);
    }

    private static RequestSpecification admin() {
        return bearer(KycApi.admin().accessToken());
    }
}
