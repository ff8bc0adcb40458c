package com.orbitlend.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.events.EventJson;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The platform's REST APIs as a browser or another team's client calls them: real logins, real tokens. */
final class PlatformClient {

    static final String PASSWORD = "e2e-password-for-tests";

    private final HttpClient http = HttpClient.newHttpClient();
    private final Platform platform;

    PlatformClient(Platform platform) {
        this.platform = platform;
    }

    /** A logged-in user. */
    record User(String id, String username, String token) {
    }

    /** Registers a fresh user and logs in. */
    User newUser(String name) throws Exception {
        String username = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        call(platform.kycService, "POST", "/api/auth/register", null,
                "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}", 201);
        return login(username, PASSWORD);
    }

    User admin() throws Exception {
        return login("admin", Platform.ADMIN_PASSWORD);
    }

    User login(String username, String password) throws Exception {
        JsonNode tokens = call(platform.kycService, "POST", "/api/auth/login", null,
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", 200);
        String token = tokens.get("accessToken").asText();
        JsonNode me = call(platform.kycService, "GET", "/api/auth/me", token, null, 200);
        return new User(me.get("id").asText(), username, token);
    }

    /** The user submits KYC and the admin approves it; returns the KYC id. */
    String passKyc(User user, User admin) throws Exception {
        String kycId = submitKyc(user);
        call(platform.kycService, "POST", "/api/admin/kyc/" + kycId + "/approve", admin.token(), null, 200);
        return kycId;
    }

    String submitKyc(User user) throws Exception {
        return call(platform.kycService, "POST", "/api/kyc", user.token(), """
                {"fullName": "E2E Person", "dateOfBirth": "1990-04-01", "country": "DE",
                 "documents": [{"type": "passport", "reference": "upload-%s"}]}
                """.formatted(UUID.randomUUID()), 201).get("id").asText();
    }

    void rejectKyc(User admin, String kycId, String reason) throws Exception {
        call(platform.kycService, "POST", "/api/admin/kyc/" + kycId + "/reject", admin.token(),
                "{\"reason\": \"" + reason + "\"}", 200);
    }

    String requestLoan(User user, String amount, String purpose) throws Exception {
        return call(platform.loanService, "POST", "/api/loans", user.token(), """
                {"amount": %s, "asset": "USDC", "purpose": "%s", "collateral": {"asset": "ETH", "amount": 1.25}}
                """.formatted(amount, purpose), 201).get("id").asText();
    }

    /** Approves once loan-service has learnt (from the KYC events) that the borrower passed KYC. */
    void approveLoan(User admin, String loanId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> status(platform.loanService, "POST",
                "/api/admin/loans/" + loanId + "/approve", admin.token(), null) == 200);
    }

    void rejectLoan(User admin, String loanId, String reason) throws Exception {
        call(platform.loanService, "POST", "/api/admin/loans/" + loanId + "/reject", admin.token(),
                "{\"reason\": \"" + reason + "\"}", 200);
    }

    /** A fresh transaction hash: loan-service funds one loan per transfer, whatever the letter case. */
    static String newTxHash() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return "0x" + java.util.HexFormat.of().formatHex(bytes);
    }

    void fundLoan(User admin, String loanId, String txHash, String nftId) throws Exception {
        call(platform.loanService, "POST", "/api/admin/loans/" + loanId + "/fund", admin.token(),
                "{\"txHash\": \"" + txHash + "\", \"nftId\": \"" + nftId + "\"}", 200);
    }

    /** Waits until marketplace-service has registered the note of a funded loan (from the loan events). */
    JsonNode awaitNote(User user, String nftId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            HttpResponse<String> r = send(platform.marketplaceService, "GET", "/api/marketplace/notes/" + nftId,
                    user.token(), null);
            return r.statusCode() == 200 ? EventJson.mapper().readTree(r.body()) : null;
        }, note -> note != null);
    }

    void listNote(User owner, String nftId, String price) throws Exception {
        call(platform.marketplaceService, "POST", "/api/marketplace/notes/" + nftId + "/listing", owner.token(),
                "{\"price\": " + price + "}", 200, 201);
    }

    void buyNote(User buyer, String nftId) throws Exception {
        call(platform.marketplaceService, "POST", "/api/marketplace/notes/" + nftId + "/purchase", buyer.token(),
                null, 200);
    }

    void repay(User borrower, String loanId, String amount) throws Exception {
        call(platform.marketplaceService, "POST", "/api/marketplace/loans/" + loanId + "/repayments",
                borrower.token(), "{\"amount\": " + amount + "}", 200, 201);
    }

    int status(ServiceProcess service, String method, String path, String token, String body) throws Exception {
        return send(service, method, path, token, body).statusCode();
    }

    JsonNode call(ServiceProcess service, String method, String path, String token, String body,
            Integer... expected) throws Exception {
        HttpResponse<String> response = send(service, method, path, token, body);
        assertThat(response.statusCode()).as("%s %s -> %s", method, path, response.body()).isIn((Object[]) expected);
        return response.body().isEmpty() ? null : EventJson.mapper().readTree(response.body());
    }

    HttpResponse<String> send(ServiceProcess service, String method, String path, String token, String body)
            throws Exception {
        URI uri = service.uri(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
