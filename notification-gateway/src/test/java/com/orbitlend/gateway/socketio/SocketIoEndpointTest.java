package com.orbitlend.gateway.socketio;

import com.orbitlend.events.EventJson;
import com.orbitlend.events.loan.LoanApproved;
import com.orbitlend.gateway.GatewaySocketTest;
import com.orbitlend.gateway.GatewayTestProfile;
import com.orbitlend.gateway.TestEvents;
import com.orbitlend.gateway.delivery.CloseCodes;
import com.orbitlend.gateway.delivery.LiveFrontier;
import com.orbitlend.testkit.jwt.TestJwt;
import com.orbitlend.gateway.protocol.ConnectionLimits;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Socket.IO endpoint's server side, packet by packet (socket.io-client's view is in e2e-tests/socketio). */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class SocketIoEndpointTest extends GatewaySocketTest {

    @TestHTTPResource("/socket.io/")
    URI endpoint;

    @Inject
    ConnectionLimits limits;

    @Inject
    LiveFrontier frontier;

    @Test
    void handshakeConnectAndAnEventWithItsOffset() throws Exception {
        String user = "sio-" + UUID.randomUUID();
        try (EngineClient client = EngineClient.open(endpoint)) {
            String open = client.await(p -> p.startsWith("0"));
            var handshake = EventJson.mapper().readTree(open.substring(1));
            assertThat(handshake.get("upgrades")).isEmpty();
            assertThat(handshake.get("pingInterval").asLong()).isPositive();
            client.send("40" + EventJson.mapper().createObjectNode().put("token", TestJwt.token(user, "user")));
            String connected = client.await(p -> p.startsWith("40"));
            var ack = EventJson.mapper().readTree(connected.substring(2));
            assertThat(ack.get("pid").asText()).startsWith("v2,").contains("user:" + user + "=");
            TestEvents.publish(new LoanApproved("loan-" + user, user, BigDecimal.TEN, "admin-1"));
            String event = client.await(p -> p.startsWith("42[\"loan:status\""));
            var args = EventJson.mapper().readTree(event.substring(2));
            assertThat(args.get(1).get("loanId").asText()).isEqualTo("loan-" + user);
            assertThat(args.get(2).asText()).startsWith("f1,");
            assertThat(client.packets.indexOf(connected)).isLessThan(client.packets.indexOf(event));
        }
    }

    @Test
    void anExpiredTokenEndsTheSocketWithTheReasonAndADisconnect() throws Exception {
        try (EngineClient client = EngineClient.open(endpoint)) {
            client.await(p -> p.startsWith("0"));
            client.send("40" + EventJson.mapper().createObjectNode().put("token",
                    TestJwt.tokenExpiringAt(Instant.now().plusSeconds(2), "sio-expiring", "user")));
            client.await(p -> p.startsWith("40"));
            String closing = client.await(p -> p.startsWith("42[\"gateway:closing\""));
            assertThat(EventJson.mapper().readTree(closing.substring(2)).get(1).get("code").asInt()).isEqualTo(4401);
            client.await("41"::equals);
            assertThat(client.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4401);
        }
    }

    @Test
    void refusalsAndBadPacketsAreAnsweredAndTheConnectionStays() throws Exception {
        try (EngineClient client = EngineClient.open(endpoint)) {
            client.await(p -> p.startsWith("0"));
            client.send("40/admin,{\"token\":\"x\"}");
            assertThat(client.await(p -> p.startsWith("44/admin,"))).contains("Invalid namespace");
            client.send("40{\"token\":\"" + TestJwt.tokenSignedByOtherKey("mallory", "admin") + "\"}");
            assertThat(client.await(p -> p.startsWith("44{"))).contains("unauthorized: invalid token");
            client.send("40{\"token\":\"" + TestJwt.token("sio-bad", "user") + "\",\"subscribe\":[\"role:admin\"]}");
            assertThat(client.await(p -> p.startsWith("44{") && p.contains("auth.subscribe"))).isNotNull();
            client.send("40{\"token\":\"" + TestJwt.token("sio-bad", "user") + "\"}");
            client.await(p -> p.startsWith("40{"));
            client.send("42[1]");
            assertThat(client.await(p -> p.startsWith("42[\"gateway:error\""))).contains("invalid_packet");
            client.send("425[\"subscribe\",\"role:admin\"]");
            assertThat(client.await(p -> p.startsWith("435["))).contains("forbidden_channel");
            client.send("426[\"subscribe\",\"public:marketplace\"]");
            assertThat(client.await(p -> p.startsWith("436["))).contains("\"ok\":true");
            assertThat(client.closeCode).isNotDone();
        }
    }

    @Test
    void aConnectBeforeTheReplicaReadsNotificationsIsClosedWith1013AndTheNextOneGetsIn() throws Exception {
        String token = TestJwt.token("sio-early-" + UUID.randomUUID(), "user");
        int partitions = frontier.partitions();
        // as right after start, before the fan-out's first assignment: the topic's partition count is unknown
        frontier.partitions(0);
        try (EngineClient client = EngineClient.open(endpoint)) {
            client.await(p -> p.startsWith("0"));
            client.send("40{\"token\":\"" + token + "\"}");
            assertThat(client.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(CloseCodes.TRY_AGAIN_LATER);
            assertThat(client.packets).noneMatch(p -> p.startsWith("40{"));
        } finally {
            frontier.partitions(partitions);
        }
        try (EngineClient client = EngineClient.open(endpoint)) {
            client.await(p -> p.startsWith("0"));
            client.send("40{\"token\":\"" + token + "\"}");
            assertThat(client.await(p -> p.startsWith("40{"))).contains("pid");
        }
    }

    @Test
    void aConnectionThatKeepsSendingRefusedConnectsIsClosed() throws Exception {
        try (EngineClient client = EngineClient.open(endpoint)) {
            client.await(p -> p.startsWith("0"));
            for (int i = 0; i < SocketIoEndpoint.MAX_REFUSED_CONNECTS; i++) {
                client.send("40{}");
                int refusals = i + 1;
                client.await(p -> client.packets.stream().filter(q -> q.startsWith("44{")).count() >= refusals);
            }
            client.send("40{}");
            assertThat(client.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1008);
        }
    }

    @Test
    void clientsThatLeaveWhileTheirConnectWaitsOrIsVerifiedGiveTheirPlaceBack() throws Exception {
        // more quitters than handshakes run at once (64): some leave while waiting for their turn, some during the
        // verification; a place kept by any of them would show in the gate's counts and, past 64, stop every CONNECT
        java.util.List<EngineClient> quitters = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            EngineClient client = EngineClient.open(endpoint);
            client.await(p -> p.startsWith("0"));
            quitters.add(client);
        }
        for (int i = 0; i < quitters.size(); i++) {
            quitters.get(i).send("40" + EventJson.mapper().createObjectNode()
                    .put("token", TestJwt.token("sio-quitter-" + i, "user")));
        }
        quitters.forEach(EngineClient::close);

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> limits.handshakes().running() == 0 && limits.handshakes().waiting() == 0);
        String user = "sio-after-quitters-" + UUID.randomUUID();
        try (EngineClient client = EngineClient.open(endpoint)) {
            client.await(p -> p.startsWith("0"));
            client.send("40" + EventJson.mapper().createObjectNode().put("token", TestJwt.token(user, "user")));
            assertThat(client.await(p -> p.startsWith("40"))).contains("\"sid\"");
        }
    }

    @Test
    void pollingIsRefusedWithAnEngineIoError() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(endpoint + "?EIO=4&transport=polling")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(EventJson.mapper().readTree(response.body()).get("code").asInt()).isZero();
    }
}
