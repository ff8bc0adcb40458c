package com.orbitlend.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.e2e.PlatformClient.User;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.notification.LoanStatusData;
import com.orbitlend.events.notification.Notification;
import com.orbitlend.testkit.ws.TestSocket;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's PostgreSQL crashes and comes back while sessions are connected and events flow: live sessions
 * lose nothing (the fan-out does not need the database), a resume during the outage is answered (here explicitly
 * not recovered), the archiver catches up after the restart without dead-lettering anything, a resume afterwards
 * is recovered in full, and the replica stays live throughout.
 */
class DatabaseRestartE2ETest {

    private static final String DATABASE = "gateway_restart";

    @Test
    void aDatabaseCrashLosesNothingAndResumesAreAnsweredThroughout() throws Exception {
        Platform platform = Platform.get();
        PlatformClient api = platform.client();
        User live = api.newUser("pg-live");
        User later = api.newUser("pg-resume");
        try (PrivatePostgres pg = PrivatePostgres.start(DATABASE)) {
            ServiceProcess replica = platform.startGatewayReplica("notification-gateway-pg-restart", Map.of(
                    "QUARKUS_DATASOURCE_JDBC_URL", pg.jdbcUrl(DATABASE),
                    "QUARKUS_DATASOURCE_USERNAME", "postgres",
                    "QUARKUS_DATASOURCE_PASSWORD", "trust-auth-no-password",
                    // its own archive: its own archiver group, so it archives every partition into this database
                    "MP_MESSAGING_INCOMING_NOTIFICATIONS_ARCHIVE_GROUP_ID", "notification-gateway-archiver-pg-restart",
                    "ORBITLEND_GATEWAY_DELIVERY_RESUME_WAIT", "8s"));
            List<String> livenessFailures = new CopyOnWriteArrayList<>();
            AtomicBoolean probing = new AtomicBoolean(true);
            Thread prober = daemon(() -> probe(replica.uri("/q/health/live"), probing, livenessFailures));
            try (OtherProducer producer = new OtherProducer(platform.kafka.bootstrapServers());
                    TestSocket liveSocket = TestSocket.connect(ws(replica, null), live.token())) {
                String cursor;
                try (TestSocket first = TestSocket.connect(ws(replica, null), later.token())) {
                    cursor = first.welcome().path("cursor").asText();
                }
                AtomicInteger sent = new AtomicInteger();
                AtomicBoolean producing = new AtomicBoolean(true);
                Thread traffic = daemon(() -> {
                    try {
                        while (producing.get()) {
                            int n = sent.get();
                            producer.send("user:" + live.id(), status(live.id(), n));
                            producer.send("user:" + later.id(), status(later.id(), n));
                            sent.incrementAndGet();
                            Thread.sleep(50);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(3000);
                pg.crash();
                Thread.sleep(2000);

                // a resume while the database is down is answered, explicitly
                try (TestSocket duringOutage = TestSocket.connect(ws(replica, cursor), later.token())) {
                    JsonNode resumed = duringOutage.awaitFrame(f -> "resumed".equals(f.path("type").asText()),
                            Duration.ofSeconds(30));
                    if (!resumed.path("recovered").asBoolean()) {
                        assertThat(resumed.path("reason").asText()).isIn("archive_behind", "unavailable");
                    }
                }
                Thread.sleep(2000);
                pg.startServer();
                Thread.sleep(3000);
                producing.set(false);
                traffic.join(10_000);
                int total = sent.get();

                // the live session got everything, once, in order
                liveSocket.awaitEvent("loan:status", "loanId", "pg-" + (total - 1), Duration.ofSeconds(60));
                Thread.sleep(300);
                assertThat(loanIds(liveSocket, live)).containsExactlyElementsOf(expected(total));

                // the archiver caught up after the restart, nothing dead-lettered on the way
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> archived(pg, "user:" + live.id()) == total && archived(pg, "user:" + later.id()) == total);

                // and a resume now gets everything it missed
                try (TestSocket resumedSocket = TestSocket.connect(ws(replica, cursor), later.token())) {
                    JsonNode resumed = resumedSocket.awaitFrame(f -> "resumed".equals(f.path("type").asText()),
                            Duration.ofSeconds(60));
                    assertThat(resumed.path("recovered").asBoolean()).as(resumed.toString()).isTrue();
                    resumedSocket.awaitEvent("loan:status", "loanId", "pg-" + (total - 1), Duration.ofSeconds(60));
                    assertThat(loanIds(resumedSocket, later)).containsExactlyElementsOf(expected(total));
                }
            } finally {
                probing.set(false);
                prober.join(5_000);
                replica.close();
            }
            assertThat(livenessFailures).as("liveness of the replica while its database was away").isEmpty();
        }
    }

    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task, "db-restart-test");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static String status(String userId, int n) {
        Instant now = Instant.now();
        return EventJson.write(new Notification(UUID.randomUUID().toString(), "user:" + userId, "loan:status",
                EventJson.mapper().valueToTree(new LoanStatusData("pg-" + n, userId, LoanStatusData.Status.APPROVED,
                        BigDecimal.ONE, null, now)), now, null));
    }

    private static List<String> expected(int total) {
        return IntStream.range(0, total).mapToObj(n -> "pg-" + n).toList();
    }

    private static List<String> loanIds(TestSocket socket, User user) {
        return socket.events("loan:status").stream()
                .filter(f -> ("user:" + user.id()).equals(f.path("channel").asText()))
                .map(f -> f.at("/data/loanId").asText()).toList();
    }

    private static long archived(PrivatePostgres pg, String channel) throws Exception {
        try (Connection c = pg.connect(DATABASE);
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM notification WHERE channel = ?")) {
            s.setString(1, channel);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (java.sql.SQLException notBackYet) {
            return -1;
        }
    }

    private static void probe(URI uri, AtomicBoolean probing, List<String> failures) {
        HttpClient http = HttpClient.newHttpClient();
        while (probing.get()) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    failures.add(Instant.now() + " HTTP " + r.statusCode() + " " + r.body());
                }
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                failures.add(Instant.now() + " " + e);
            }
        }
    }

    private static URI ws(ServiceProcess gateway, String cursor) {
        URI uri = TestSocket.wsUri(gateway.uri("/ws"));
        return cursor == null ? uri
                : URI.create(uri + "?cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    }
}
