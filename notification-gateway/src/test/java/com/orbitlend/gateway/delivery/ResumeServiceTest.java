package com.orbitlend.gateway.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.Topics;
import com.orbitlend.events.loan.LoanApproved;
import com.orbitlend.events.loan.LoanFunded;
import com.orbitlend.events.marketplace.LoanNoteListed;
import com.orbitlend.events.notification.LoanStatusData;
import com.orbitlend.events.notification.Notification;
import com.orbitlend.gateway.GatewaySocketTest;
import com.orbitlend.gateway.GatewayTestProfile;
import com.orbitlend.gateway.TestEvents;
import com.orbitlend.testkit.jwt.TestJwt;
import com.orbitlend.testkit.kafka.TestTopics;
import com.orbitlend.testkit.ws.TestSocket;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Reconnecting with a cursor: what was missed comes from the archive, then live, without gaps or repeats. */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class ResumeServiceTest extends GatewaySocketTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RecentFrames recent;

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    private double replaysFrom(String source) {
        var counter = registry.find("orbitlend.gateway.resume.replays").tag("source", source).counter();
        return counter == null ? 0 : counter.count();
    }

    /**
     * A borrower receives loan {@code <prefix>1}'s status, disconnects, and misses loan {@code <prefix>2}'s status
     * and funding (both archived); returns the cursor the client kept.
     */
    private String cursorBeforeTwoMissedEvents(String borrower, String token, String prefix) {
        String cursor;
        try (TestSocket first = TestSocket.connect(ws, token)) {
            TestEvents.publish(new LoanApproved(prefix + "1", borrower, new BigDecimal("5"), "admin-1"));
            first.awaitFrame(f -> "loan:status".equals(f.path("event").asText()));
            cursor = first.lastCursor();
        }
        TestEvents.publish(new LoanApproved(prefix + "2", borrower, new BigDecimal("6"), "admin-1"));
        TestEvents.publish(new LoanFunded(prefix + "2", borrower, new BigDecimal("6"), "0x2", "nft-" + prefix, "USDC"));
        await().atMost(Duration.ofSeconds(30)).until(() -> archived("user:" + borrower) == 3);
        return cursor;
    }

    @Test
    void aClientResumesFromItsCursorWithoutLossOrDuplicates() throws Exception {
        String borrower = "resume-" + UUID.randomUUID();
        String token = TestJwt.token(borrower, "user");
        String cursor = cursorBeforeTwoMissedEvents(borrower, token, "loan-r");
        double fromMemory = replaysFrom("memory");

        try (TestSocket second = TestSocket.resume(ws, token, cursor)) {
            JsonNode resumed = second.awaitFrame(f -> "resumed".equals(f.path("type").asText()));
            assertThat(resumed.path("recovered").asBoolean()).isTrue();
            assertThat(resumed.path("replayed").asInt()).isEqualTo(2);
            // this replica dispatched them a moment ago: replayed from its recent frames, not the archive
            assertThat(replaysFrom("memory")).isEqualTo(fromMemory + 1);
            second.awaitFrame(f -> "loan:funded".equals(f.path("event").asText()));

            TestEvents.publish(new LoanFunded("loan-r3", borrower, new BigDecimal("7"), "0xr3", "nft-r3", "USDC"));
            second.awaitFrame(f -> "loan-r3".equals(f.path("data").path("loanId").asText()));
            Thread.sleep(300);
            assertThat(second.events()).extracting(f -> f.path("data").path("loanId").asText() + " " + f.path("event").asText())
                    .containsExactly("loan-r2 loan:status", "loan-r2 loan:funded", "loan-r3 loan:funded");
            assertThat(second.frames()).extracting(f -> f.path("type").asText())
                    .containsExactly("welcome", "resumed", "event", "event", "event");
        }
    }

    @Test
    void aGapThisReplicaNoLongerHoldsInMemoryIsReplayedFromTheArchive() throws Exception {
        String borrower = "resume-archive-" + UUID.randomUUID();
        String token = TestJwt.token(borrower, "user");
        String cursor = cursorBeforeTwoMissedEvents(borrower, token, "loan-a");
        // as on a replica started after these records, or whose window moved past them
        recent.forget();
        double fromArchive = replaysFrom("archive");

        try (TestSocket second = TestSocket.resume(ws, token, cursor)) {
            JsonNode resumed = second.awaitFrame(f -> "resumed".equals(f.path("type").asText()));
            assertThat(resumed.path("recovered").asBoolean()).isTrue();
            assertThat(replaysFrom("archive")).isEqualTo(fromArchive + 1);
            assertThat(resumed.path("replayed").asInt()).isEqualTo(2);
            second.awaitFrame(f -> "loan:funded".equals(f.path("event").asText()));
            Thread.sleep(300);
            assertThat(second.events()).extracting(f -> f.path("data").path("loanId").asText() + " " + f.path("event").asText())
                    .containsExactly("loan-a2 loan:status", "loan-a2 loan:funded");
        }
    }

    @Test
    void aResumeRestoresAPublicSubscriptionWithoutLossOrDuplicates() throws Exception {
        String run = UUID.randomUUID().toString();
        String watcher = "watcher-" + run;
        String token = TestJwt.token(watcher, "user");
        String subscribe = "{\"type\":\"subscribe\",\"channel\":\"public:marketplace\"}";
        try (TestSocket sentinel = TestSocket.connect(ws, TestJwt.token("sentinel-" + run, "user"))) {
            sentinel.sendAndAwait(subscribe, f -> "subscribed".equals(f.path("type").asText()));
            // published and fanned out before the watcher subscribes: never owed to it
            list(run, 0);
            sentinel.awaitFrame(listing(run, 0));

            String atSubscription;
            String afterFirst;
            try (TestSocket first = TestSocket.connect(ws, token)) {
                atSubscription = first.sendAndAwait(subscribe, f -> "subscribed".equals(f.path("type").asText()))
                        .path("cursor").asText();
                list(run, 1);
                first.awaitFrame(listing(run, 1));
                afterFirst = first.lastCursor();
            }
            // different loans, different partitions of the domain topic: publish one after the other is routed
            list(run, 2);
            sentinel.awaitFrame(listing(run, 2));
            list(run, 3);
            sentinel.awaitFrame(listing(run, 3));
            await().atMost(Duration.ofSeconds(30)).until(() -> archivedListings(run) == 4);

            try (TestSocket second = TestSocket.resume(ws, token, afterFirst)) {
                assertThat(second.welcome().path("channels")).extracting(JsonNode::asText).contains("public:marketplace");
                JsonNode resumed = second.awaitFrame(f -> "resumed".equals(f.path("type").asText()));
                assertThat(resumed.path("recovered").asBoolean()).isTrue();
                list(run, 4);
                second.awaitFrame(listing(run, 4));
                Thread.sleep(300);
                assertThat(listingsOf(run, second)).containsExactly(2, 3, 4);
            }
            // the cursor of the subscription itself: everything published since, nothing before
            try (TestSocket third = TestSocket.resume(ws, token, atSubscription)) {
                third.awaitFrame(listing(run, 4));
                Thread.sleep(300);
                assertThat(listingsOf(run, third)).containsExactly(1, 2, 3, 4);
                assertThat(third.events()).extracting(f -> f.path("channel").asText()).containsOnly("public:marketplace");
            }
        }
    }

    private static void list(String run, int n) {
        TestEvents.publish(new LoanNoteListed("loan-" + run + "-" + n, "nft-" + n, "seller-" + run, BigDecimal.TEN, "USDC"));
    }

    private static java.util.function.Predicate<JsonNode> listing(String run, int n) {
        return f -> ("loan-" + run + "-" + n).equals(f.path("data").path("loanId").asText())
                && "public:marketplace".equals(f.path("channel").asText());
    }

    private static List<Integer> listingsOf(String run, TestSocket socket) {
        String prefix = "loan-" + run + "-";
        return socket.events("marketplace:update").stream().map(f -> f.path("data").path("loanId").asText())
                .filter(id -> id.startsWith(prefix)).map(id -> Integer.parseInt(id.substring(prefix.length()))).toList();
    }

    private long archivedListings(String run) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM notification WHERE channel = 'public:marketplace'"
                        + " AND payload -> 'data' ->> 'loanId' LIKE ?")) {
            s.setString(1, "loan-" + run + "-%");
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    @Test
    void anInvalidCursorIsReportedAsNotRecoveredAndTheSessionGoesLive() {
        String user = "badcursor-" + UUID.randomUUID();
        try (TestSocket socket = TestSocket.resume(ws, TestJwt.token(user, "user"), "definitely-not-a-cursor")) {
            JsonNode resumed = socket.awaitFrame(f -> "resumed".equals(f.path("type").asText()));
            assertThat(resumed.path("recovered").asBoolean()).isFalse();
            assertThat(resumed.path("reason").asText()).isEqualTo("invalid_cursor");

            TestEvents.publish(new LoanApproved("loan-live", user, BigDecimal.ONE, "admin-1"));
            socket.awaitFrame(f -> "loan-live".equals(f.path("data").path("loanId").asText()));
        }
    }

    @Test
    void aCursorOfTheFirstProtocolIsAnsweredOutdatedAndTheSessionGoesLive() {
        String user = "oldcursor-" + UUID.randomUUID();
        String v1 = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("v1:{\"user:" + user + "\":[0,3]}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (TestSocket socket = TestSocket.resume(ws, TestJwt.token(user, "user"), v1)) {
            JsonNode resumed = socket.awaitFrame(f -> "resumed".equals(f.path("type").asText()));
            assertThat(resumed.path("recovered").asBoolean()).isFalse();
            assertThat(resumed.path("reason").asText()).isEqualTo("outdated_cursor");
            assertThat(TestSocket.parseCursor(resumed.path("cursor").asText())).containsOnlyKeys("user:" + user, "role:user");

            TestEvents.publish(new LoanApproved("loan-after-v1", user, BigDecimal.ONE, "admin-1"));
            socket.awaitFrame(f -> "loan-after-v1".equals(f.path("data").path("loanId").asText()));
        }
    }

    @Test
    void aForgedCursorNeverReplaysAnotherUsersChannel() throws Exception {
        String victim = "victim-" + UUID.randomUUID();
        String victimChannel = "user:" + victim;
        TestEvents.publish(new LoanApproved("loan-secret", victim, BigDecimal.TEN, "admin-1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> archived(victimChannel) == 1);
        String token = TestJwt.token("attacker-" + UUID.randomUUID(), "user");
        Map<String, Position> forged = new java.util.TreeMap<>();
        try (TestSocket first = TestSocket.connect(ws, token)) {
            forged.putAll(CursorCodec.decode(first.welcome().path("cursor").asText()));
        }
        forged.put(victimChannel, new Position(partitionOf(victimChannel), -1));

        try (TestSocket attacker = TestSocket.resume(ws, token, CursorCodec.encode(forged))) {
            JsonNode resumed = attacker.awaitFrame(f -> "resumed".equals(f.path("type").asText()));
            assertThat(resumed.path("recovered").asBoolean()).isTrue();
            assertThat(resumed.path("replayed").asInt()).isZero();
            Thread.sleep(300);
            assertThat(attacker.events()).isEmpty();
            assertThat(CursorCodec.decode(resumed.path("cursor").asText())).doesNotContainKey(victimChannel);
        }
    }

    @Test
    void aClientThatReceivedNothingResumesFromTheWelcomeCursorWithoutLoss() throws Exception {
        String user = "quiet-" + UUID.randomUUID();
        String token = TestJwt.token(user, "user");
        String cursor;
        try (TestSocket first = TestSocket.connect(ws, token)) {
            cursor = first.welcome().path("cursor").asText();
            assertThat(CursorCodec.decode(cursor)).containsOnlyKeys("user:" + user, "role:user");
        }
        TestEvents.publish(new LoanApproved("loan-gap", user, BigDecimal.ONE, "admin-1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> archived("user:" + user) == 1);

        try (TestSocket second = TestSocket.resume(ws, token, cursor)) {
            JsonNode resumed = second.awaitFrame(f -> "resumed".equals(f.path("type").asText()));
            assertThat(resumed.path("recovered").asBoolean()).isTrue();
            assertThat(resumed.path("replayed").asInt()).isEqualTo(1);
            assertThat(second.awaitFrame(f -> "event".equals(f.path("type").asText())).path("data").path("loanId")
                    .asText()).isEqualTo("loan-gap");
        }
    }

    @Test
    void aCursorMissingOneOfTheSessionsChannelsIsNotRecoveredAndTheSessionGoesLive() throws Exception {
        String user = "partial-" + UUID.randomUUID();
        String token = TestJwt.token(user, "user", "admin");
        Map<String, Position> partial = new java.util.TreeMap<>();
        try (TestSocket first = TestSocket.connect(ws, token)) {
            partial.putAll(CursorCodec.decode(first.welcome().path("cursor").asText()));
        }
        partial.remove("role:admin");

        try (TestSocket second = TestSocket.resume(ws, token, CursorCodec.encode(partial))) {
            JsonNode resumed = second.awaitFrame(f -> "resumed".equals(f.path("type").asText()));
            assertThat(resumed.path("recovered").asBoolean()).isFalse();
            assertThat(resumed.path("reason").asText()).isEqualTo("incomplete_cursor");
            assertThat(CursorCodec.decode(resumed.path("cursor").asText()))
                    .containsOnlyKeys("user:" + user, "role:admin", "role:user");
            TestEvents.publish(new LoanApproved("loan-after-partial", user, BigDecimal.ONE, "admin-1"));
            second.awaitFrame(f -> "loan-after-partial".equals(f.path("data").path("loanId").asText()));
        }
    }

    @Test
    void aClientFarMoreBehindThanItsQueueIsReplayedInPagesThenGoesLiveWithoutLossOrRepeats() throws Exception {
        String user = "far-" + UUID.randomUUID();
        String channel = "user:" + user;
        String token = TestJwt.token(user, "user");
        String cursor;
        try (TestSocket first = TestSocket.connect(ws, token)) {
            cursor = first.welcome().path("cursor").asText();
        }
        int missed = 1300; // five times the session's 256-frame queue
        for (int n = 0; n < missed; n++) {
            TestTopics.produce(Topics.NOTIFICATIONS, channel, EventJson.write(status(channel, n)));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> archived(channel) == missed);

        try (TestSocket second = TestSocket.resume(ws, token, cursor)) {
            JsonNode resumed = second.awaitFrame(f -> "resumed".equals(f.path("type").asText()));
            assertThat(resumed.path("recovered").asBoolean()).isTrue();
            assertThat(resumed.path("replayed").asInt()).isGreaterThanOrEqualTo(missed);
            // live events while the pages are read: each arrives once, after the replay
            for (int n = missed; n < missed + 20; n++) {
                TestTopics.produce(Topics.NOTIFICATIONS, channel, EventJson.write(status(channel, n)));
            }
            second.awaitFrame(f -> ("loan-" + (missed + 19)).equals(f.path("data").path("loanId").asText()),
                    Duration.ofSeconds(60));
            Thread.sleep(300);
            List<String> loans = second.events().stream().filter(f -> channel.equals(f.path("channel").asText()))
                    .map(f -> f.path("data").path("loanId").asText()).toList();
            assertThat(loans).containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, missed + 20).mapToObj(n -> "loan-" + n).toList());
            assertThat(second.isOpen()).isTrue();
        }
    }

    private static Notification status(String channel, int n) {
        String user = channel.substring("user:".length());
        return new Notification(UUID.randomUUID().toString(), channel, "loan:status",
                EventJson.mapper().valueToTree(new LoanStatusData("loan-" + n, user, LoanStatusData.Status.APPROVED,
                        BigDecimal.ONE, null, Instant.now())), Instant.now(), null);
    }

    private long archived(String channel) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM notification WHERE channel = ?")) {
            s.setString(1, channel);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private int partitionOf(String channel) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT kafka_partition FROM notification WHERE channel = ? LIMIT 1")) {
            s.setString(1, channel);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }
}
