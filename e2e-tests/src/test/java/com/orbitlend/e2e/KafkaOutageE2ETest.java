package com.orbitlend.e2e;

import com.orbitlend.testkit.jwt.TestJwt;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker crashes (SIGKILL) while users keep requesting loans; once it is back, every event is delivered,
 * once: the outbox holds them meanwhile and the consumers resume where they were. (Loans are separate
 * aggregates on separate partitions, so their mutual order is not promised; each loan's own order is.)
 */
class KafkaOutageE2ETest {

    @Test
    void noEventIsLostWhenKafkaCrashesAndComesBack() throws Exception {
        Platform platform = Platform.get();
        LoanApi loans = new LoanApi(platform.loanService);
        URI ws = URI.create("ws://127.0.0.1:" + platform.gateway.port() + "/ws");
        String user = "outage-" + UUID.randomUUID();
        String userToken = TestJwt.token(user, "user");

        String adminToken = TestJwt.token("outage-admin", "admin");
        try (SocketClient admin = SocketClient.connect(ws, adminToken);
             SocketClient userSocket = SocketClient.connect(ws, userToken)) {
            String before = loans.request(userToken, "1", "before the crash").get("id").asText();
            admin.awaitEvent("loan:new", "loanId", before);

            platform.kafka.kill();
            List<String> during = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                during.add(loans.request(userToken, String.valueOf(100 + i), "during the outage " + i)
                        .get("id").asText());
            }
            loans.approve(adminToken, before);
            loans.fund(adminToken, before, "0x" + "0f".repeat(32), "nft-outage");
            platform.kafka.start(Duration.ofSeconds(60));

            for (String loanId : during) {
                admin.awaitEvent("loan:new", "loanId", loanId);
            }
            List<String> seen = admin.events().stream()
                    .filter(e -> "loan:new".equals(e.path("event").asText()))
                    .map(e -> e.at("/data/loanId").asText())
                    .filter(id -> id.equals(before) || during.contains(id))
                    .toList();
            List<String> expected = new ArrayList<>(List.of(before));
            expected.addAll(during);
            assertThat(seen).as("each loan:new exactly once").containsExactlyInAnyOrderElementsOf(expected);

            userSocket.awaitEvent("loan:funded", "loanId", before);
            assertThat(userSocket.events()).extracting(e -> e.path("event").asText())
                    .as("one loan's events in commit order").containsExactly("loan:status", "loan:funded");
        }
    }
}
