package com.orbitlend.e2e;

import com.orbitlend.e2e.PlatformClient.User;
import com.orbitlend.testkit.ws.TestSocket;
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

    private static final Duration AFTER_RESTART = Duration.ofSeconds(120);

    @Test
    void noEventIsLostWhenKafkaCrashesAndComesBack() throws Exception {
        Platform platform = Platform.get();
        PlatformClient api = platform.client();
        URI ws = URI.create("ws://127.0.0.1:" + platform.gateway.port() + "/ws");
        User adminUser = api.admin();
        User user = api.newUser("outage");

        try (TestSocket admin = TestSocket.connect(ws, adminUser.token());
             TestSocket userSocket = TestSocket.connect(ws, user.token())) {
            api.passKyc(user, adminUser);
            userSocket.awaitFrame(f -> "kyc:status".equals(f.path("event").asText()));
            String before = api.requestLoan(user, "1", "before the crash");
            admin.awaitEvent("loan:new", "loanId", before);
            api.approveLoan(adminUser, before);

            platform.kafka.kill();
            List<String> during = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                during.add(api.requestLoan(user, String.valueOf(100 + i), "during the outage " + i));
            }
            api.fundLoan(adminUser, before, PlatformClient.newTxHash(), "nft-outage-" + UUID.randomUUID());
            platform.kafka.start(Duration.ofSeconds(60));

            // the relay may be in a long backoff and the consumers must rejoin their groups: allow for both
            for (String loanId : during) {
                admin.awaitEvent("loan:new", "loanId", loanId, AFTER_RESTART);
            }
            List<String> seen = admin.events().stream()
                    .filter(e -> "loan:new".equals(e.path("event").asText()))
                    .map(e -> e.at("/data/loanId").asText())
                    .filter(id -> id.equals(before) || during.contains(id))
                    .toList();
            List<String> expected = new ArrayList<>(List.of(before));
            expected.addAll(during);
            assertThat(seen).as("each loan:new exactly once").containsExactlyInAnyOrderElementsOf(expected);

            userSocket.awaitEvent("loan:funded", "loanId", before, AFTER_RESTART);
            assertThat(userSocket.events()).extracting(e -> e.path("event").asText())
                    .as("one loan's events in commit order, once each")
                    .containsExactly("kyc:status", "loan:status", "loan:funded");
        }
    }
}
