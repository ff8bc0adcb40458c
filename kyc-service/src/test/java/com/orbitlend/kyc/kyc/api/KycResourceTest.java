package com.orbitlend.kyc.kyc.api;

import com.orbitlend.kyc.AuthApi;
import com.orbitlend.kyc.KycApi;
import com.orbitlend.kyc.KycTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.orbitlend.kyc.AuthApi.bearer;
import static com.orbitlend.kyc.AuthApi.newSession;
import static com.orbitlend.kyc.KycApi.approve;
import static com.orbitlend.kyc.KycApi.kycBody;
import static com.orbitlend.kyc.KycApi.reject;
import static com.orbitlend.kyc.KycApi.submit;
import static com.orbitlend.kyc.KycApi.submitted;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@TestProfile(KycTestProfile.class)
class KycResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void userSubmitsAndReadsOwnKyc() {
        AuthApi.Session user = newSession();
        bearer(user.accessToken()).get("/api/kyc").then().statusCode(404).contentType(PROBLEM);

        String id = submit(user.accessToken()).statusCode(201)
                .header("Location", endsWith("/api/kyc"))
                .body("userId", equalTo(user.id()))
                .body("fullName", equalTo("Ada Lovelace"))
                .body("dateOfBirth", equalTo("1990-12-10"))
                .body("country", equalTo("GB"))
                .body("documents.type", contains("passport", "proof_of_address"))
                .body("documents.reference", contains("upload-123", "upload-456"))
                .body("status", equalTo("submitted"))
                .body("rejectionReason", nullValue())
                .extract().path("id");

        bearer(user.accessToken()).get("/api/kyc").then().statusCode(200)
                .body("id", equalTo(id)).body("status", equalTo("submitted"));
        bearer(user.accessToken()).get("/api/auth/me").then().body("kycStatus", equalTo("submitted"));
    }

    @Test
    void resubmissionOnlyAfterRejection() {
        AuthApi.Session user = newSession();
        String first = submitted(user);
        submit(user.accessToken()).statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("already submitted"));

        reject(first, "Document unreadable").statusCode(200);
        bearer(user.accessToken()).get("/api/kyc").then()
                .body("status", equalTo("rejected")).body("rejectionReason", equalTo("Document unreadable"));

        String second = submitted(user);
        bearer(user.accessToken()).get("/api/kyc").then().body("id", equalTo(second))
                .body("id", not(equalTo(first))).body("status", equalTo("submitted"));

        approve(second).statusCode(200);
        submit(user.accessToken()).statusCode(409).body("detail", containsString("already approved"));
        bearer(user.accessToken()).get("/api/auth/me").then().body("kycStatus", equalTo("approved"));
    }

    @Test
    void invalidSubmissionListsEveryFieldError() {
        Map<String, Object> body = Map.of("fullName", " ",
                "dateOfBirth", LocalDate.now().minusYears(17).toString(),
                "country", "XX",
                "documents", List.of(Map.of("type", "selfie", "reference", ""),
                        Map.of("type", "passport", "reference", "r".repeat(201))));
        bearer(newSession().accessToken()).body(body).post("/api/kyc").then().statusCode(400)
                .contentType(PROBLEM)
                .body("errors.field", containsInAnyOrder("fullName", "dateOfBirth", "country",
                        "documents[0].type", "documents[0].reference", "documents[1].reference"));
    }

    @Test
    void documentCountIsOneToFive() {
        String token = newSession().accessToken();
        Map<String, Object> none = new HashMap<>(kycBody());
        none.put("documents", List.of());
        bearer(token).body(none).post("/api/kyc").then().statusCode(400).body("errors.field",
                containsInAnyOrder("documents"));
        Map<String, Object> six = new HashMap<>(kycBody());
        six.put("documents", Collections.nCopies(6, Map.of("type", "id_card", "reference", "x")));
        bearer(token).body(six).post("/api/kyc").then().statusCode(400).body("errors.field",
                containsInAnyOrder("documents"));
        Map<String, Object> missing = new HashMap<>(kycBody());
        missing.remove("documents");
        missing.put("dateOfBirth", "not-a-date");
        bearer(token).body(missing).post("/api/kyc").then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", containsInAnyOrder("dateOfBirth"));
    }

    @Test
    void anonymousAndAdminsCannotUseTheUserApi() {
        given().get("/api/kyc").then().statusCode(401).contentType(PROBLEM);
        given().contentType("application/json").body(kycBody()).post("/api/kyc").then().statusCode(401);
        bearer(KycApi.admin().accessToken()).body(kycBody()).post("/api/kyc").then()
                .statusCode(403).contentType(PROBLEM);
    }
}
