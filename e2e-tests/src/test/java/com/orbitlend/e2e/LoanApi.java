package com.orbitlend.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.events.EventJson;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** loan-service over HTTP, as a browser or another team's client would call it. */
final class LoanApi {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ServiceProcess service;

    LoanApi(ServiceProcess service) {
        this.service = service;
    }

    JsonNode request(String token, String amount, String purpose) throws Exception {
        return call("POST", "/api/loans", token, """
                {"amount": %s, "asset": "USDC", "purpose": "%s", "collateral": {"asset": "ETH", "amount": 1.25}}
                """.formatted(amount, purpose), 201);
    }

    JsonNode approve(String adminToken, String loanId) throws Exception {
        return call("POST", "/api/admin/loans/" + loanId + "/approve", adminToken, null, 200);
    }

    JsonNode reject(String adminToken, String loanId, String reason) throws Exception {
        return call("POST", "/api/admin/loans/" + loanId + "/reject", adminToken,
                "{\"reason\": \"" + reason + "\"}", 200);
    }

    JsonNode fund(String adminToken, String loanId, String txHash, String nftId) throws Exception {
        return call("POST", "/api/admin/loans/" + loanId + "/fund", adminToken,
                "{\"txHash\": \"" + txHash + "\", \"nftId\": \"" + nftId + "\"}", 200);
    }

    private JsonNode call(String method, String path, String token, String body, int expectedStatus)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(service.uri(path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s -> %s", method, path, response.body()).isEqualTo(expectedStatus);
        return EventJson.mapper().readTree(response.body());
    }
}
