package com.orbitlend.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.e2e.PlatformClient.User;
import com.orbitlend.testkit.ws.TestSocket;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * I4: a gateway replica is killed (SIGKILL) while its clients are connected; events keep coming; the clients
 * reconnect to another replica with their cursor and get exactly what they missed, then live events.
 */
class GatewayFailoverE2ETest {

    @Test
    void clientsOfAKilledReplicaResumeOnAnotherWithoutLossOrDuplicates() throws Exception {
        Platform platform = Platform.get();
        PlatformClient api = platform.client();
        User admin = api.admin();
        User borrower = api.newUser("failover");
        ServiceProcess doomed = platform.startGatewayReplica("notification-gateway-doomed");

        String cursor;
        String first;
        try (TestSocket socket = TestSocket.connect(ws(doomed, null), admin.token())) {
            first = api.requestLoan(borrower, "10", "before the crash");
            socket.awaitEvent("loan:new", "loanId", first);
            cursor = socket.lastCursor();
            doomed.kill();
        }

        List<String> missed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            missed.add(api.requestLoan(borrower, String.valueOf(20 + i), "while reconnecting " + i));
        }

        try (TestSocket resumed = TestSocket.connect(ws(platform.gateway, cursor), admin.token())) {
            // the killed replica's partitions move to the survivor after the consumers' session timeout; the
            // resume waits for the archive meanwhile (orbitlend.gateway.delivery.resume-wait)
            JsonNode resumedFrame = resumed.awaitFrame(f -> "resumed".equals(f.path("type").asText()),
                    Duration.ofSeconds(90));
            assertThat(resumedFrame.path("recovered").asBoolean()).as(resumedFrame.toString()).isTrue();
            for (String loanId : missed) {
                resumed.awaitEvent("loan:new", "loanId", loanId);
            }
            String live = api.requestLoan(borrower, "30", "after the resume");
            resumed.awaitEvent("loan:new", "loanId", live);

            List<String> seen = resumed.events("loan:new").stream().map(e -> e.at("/data/loanId").asText())
                    .filter(id -> id.equals(first) || missed.contains(id) || id.equals(live)).toList();
            List<String> expected = new ArrayList<>(missed);
            expected.add(live);
            assertThat(seen).as("the missed ones and the live one, each once; nothing already seen")
                    .containsExactlyInAnyOrderElementsOf(expected);
        } finally {
            doomed.close();
        }
    }

    private static URI ws(ServiceProcess gateway, String cursor) {
        return URI.create("ws://127.0.0.1:" + gateway.port() + "/ws"
                + (cursor == null ? "" : "?cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
    }
}
