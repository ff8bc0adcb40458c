package com.orbitlend.kyc;

import io.restassured.response.ValidatableResponse;

import java.util.List;
import java.util.Map;

import static com.orbitlend.kyc.AuthApi.bearer;

/** REST calls of the KYC API for tests. */
public final class KycApi {

    private static AuthApi.Session admin;

    private KycApi() {
    }

    public static Map<String, Object> kycBody() {
        return Map.of("fullName", "Ada Lovelace", "dateOfBirth", "1990-12-10", "country", "GB",
                "documents", List.of(Map.of("type", "passport", "reference", "upload-123"),
                        Map.of("type", "proof_of_address", "reference", "upload-456")));
    }

    public static ValidatableResponse submit(String accessToken) {
        return bearer(accessToken).body(kycBody()).post("/api/kyc").then();
    }

    /** Submits KYC for {@code user} and returns the submission id. */
    public static String submitted(AuthApi.Session user) {
        return submit(user.accessToken()).statusCode(201).extract().path("id");
    }

    /** The initial admin's session, logged in once per test JVM. */
    public static synchronized AuthApi.Session admin() {
        if (admin == null) {
            admin = AuthApi.admin();
        }
        return admin;
    }

    public static ValidatableResponse approve(String kycId) {
        return bearer(admin().accessToken()).post("/api/admin/kyc/{id}/approve", kycId).then();
    }

    public static ValidatableResponse reject(String kycId, String reason) {
        return bearer(admin().accessToken()).body(Map.of("reason", reason))
                .post("/api/admin/kyc/{id}/reject", kycId).then();
    }
}
