package com.orbitlend.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.gateway.GatewaySocketTest;
import com.orbitlend.gateway.GatewayTestProfile;
import com.orbitlend.testkit.fuzz.Fuzz;
import com.orbitlend.testkit.jwt.TestJwt;
import com.orbitlend.testkit.ws.TestSocket;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every client message type of the FRAMES section (README), valid and broken, in a seeded random order: each gets
 * exactly one answer, the documented one (an error frame with a documented code for anything wrong), and the
 * socket stays open. Only a message over the transport limit closes it, as documented (1009, or 1011 when
 * fragmented). Each socket sends
 * fewer messages than the rate limit's burst, so every message is answered for what it is.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class ClientMessageFuzzTest extends GatewaySocketTest {

    /** The error codes of README "FRAMES" (rate_limited aside: each socket stays under the burst). */
    private static final Set<String> ERROR_CODES = Set.of("invalid_json", "invalid_message", "unknown_type",
            "message_too_large", "invalid_token", "unsupported_frame", "invalid_channel", "forbidden_channel",
            "unknown_channel", "not_ready");
    /**
     * README "Close codes": a message over the transport limit (64 KiB) closes with 1009, whether it comes as one
     * frame or the client splits it into fragments (as the JDK client does: Vert.x refuses the aggregation and
     * NotificationSocket closes with 1009).
     */
    private static final Set<Integer> MESSAGE_TOO_BIG = Set.of(1009);
    private static final Predicate<JsonNode> ANSWER = f -> Set.of("pong", "refreshed", "subscribed", "unsubscribed",
            "error").contains(f.path("type").asText());
    private static final int PER_SOCKET = 30;

    /** A client message kind and the answers the README allows for it. */
    private enum Kind {
        PING(Set.of("pong")),
        REFRESH(Set.of("refreshed", "error")),
        SUBSCRIBE(Set.of("subscribed", "error")),
        UNSUBSCRIBE(Set.of("unsubscribed", "error")),
        UNKNOWN(Set.of("error")),
        MALFORMED(Set.of("error")),
        BINARY(Set.of("error")),
        TOO_LARGE(Set.of("error"));

        final Set<String> answers;

        Kind(Set<String> answers) {
            this.answers = answers;
        }
    }

    @Test
    void everyMessageIsAnsweredAsDocumentedAndNothingClosesTheSocket() throws Exception {
        Random random = Fuzz.random("gateway ClientMessageFuzzTest");
        String sub = "fuzz-" + UUID.randomUUID();
        List<Kind> messages = Fuzz.everyKindAndMore(Kind.values(), 320, random);
        int answered = 0;
        for (int from = 0; from < messages.size(); from += PER_SOCKET) {
            try (TestSocket socket = TestSocket.connect(ws, TestJwt.token(sub, "user"))) {
                for (Kind kind : messages.subList(from, Math.min(messages.size(), from + PER_SOCKET))) {
                    String text = message(kind, sub, random);
                    JsonNode answer = kind == Kind.BINARY
                            ? socket.sendBinaryAndAwait(bytes(random), ANSWER)
                            : socket.sendAndAwait(text, ANSWER);
                    String what = kind + " " + abbreviate(text) + " -> " + answer;
                    assertThat(answer.path("type").asText()).as(what).isIn(kind.answers);
                    if ("error".equals(answer.path("type").asText())) {
                        assertThat(answer.path("code").asText()).as(what).isIn(ERROR_CODES);
                        assertThat(answer.path("message").asText()).as(what).isNotBlank();
                    }
                    if (kind == Kind.PING) {
                        assertThat(answer.path("type").asText()).as(what).isEqualTo("pong");
                    }
                    assertThat(socket.isOpen()).as(what).isTrue();
                    answered++;
                }
            }
        }
        assertThat(answered).isGreaterThanOrEqualTo(320);

        // the one documented close for a client message: a frame over the transport limit (64 KiB)
        try (TestSocket socket = TestSocket.connect(ws, TestJwt.token(sub, "user"))) {
            socket.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
            assertThat(socket.closeCode().get(30, TimeUnit.SECONDS)).isIn(MESSAGE_TOO_BIG);
        }
    }

    private static String message(Kind kind, String sub, Random random) {
        return switch (kind) {
            case PING -> pick(random, "{\"type\":\"ping\"}", "{\"type\":\"ping\",\"extra\":[1,2,{}]}",
                    "{\"type\":\"ping\",\"channel\":\"\\u0000\"}", "  {\"type\" : \"ping\"}  ");
            case REFRESH -> "{\"type\":\"refresh\",\"token\":" + pick(random,
                    quote(TestJwt.token(sub, "user")), quote(TestJwt.token("someone-else", "user")),
                    quote(TestJwt.token(sub, "admin")), quote(TestJwt.tokenSignedByOtherKey(sub, "user")),
                    quote(TestJwt.tokenForOtherAudience(sub, "user")),
                    quote(TestJwt.tokenExpiringAt(Instant.now().minusSeconds(60), sub, "user")),
                    "\"not-a-jwt\"", "\"\"", "\"\\u0000\"", "null", "42", "[\"a\"]", "{}", "\"a.b.c\"",
                    quote("x".repeat(7000))) + "}";
            case SUBSCRIBE, UNSUBSCRIBE -> "{\"type\":\"" + kind.name().toLowerCase() + "\",\"channel\":" + pick(random,
                    "\"public:marketplace\"", "\"user:" + sub + "\"", "\"role:user\"", "\"role:admin\"",
                    "\"user:someone-else\"", "\"public:vip\"", "\"public:\"", "\"nonsense\"", "\"user:a\\u0000b\"",
                    "\"public:marketplace\\u0000\"", "\"\\ud800\"", quote("public:" + "m".repeat(500)), "\"\"",
                    "null", "7", "{\"a\":1}", "[\"public:marketplace\"]", "\"PUBLIC:MARKETPLACE\"",
                    "\"user:" + sub + "\\n\"") + "}";
            case UNKNOWN -> pick(random, "{\"type\":\"hello\"}", "{\"type\":\"PING\"}", "{\"type\":\"\"}",
                    "{\"type\":\"\\u0000\"}", "{\"type\":\"" + "t".repeat(3000) + "\"}", "{\"type\":\"subscribe \"}");
            case MALFORMED -> pick(random, "{", "", "null", "[]", "42", "\"ping\"", "{\"type\":}", "{\"type\":1}",
                    "{\"type\":null}", "{\"type\":[\"ping\"]}", "{\"typ\":\"ping\"}", "{\"type\":\"ping\"",
                    "[".repeat(2000) + "]".repeat(2000), "{\"a\":" + "[".repeat(1500) + "]".repeat(1500) + "}",
                    "\u0000", "{\"type\":\"\\ud800\"}", "{\"type\":\"ping\",}", "NaN");
            case TOO_LARGE -> "{\"type\":\"ping\",\"pad\":\"" + "y".repeat(8200 + random.nextInt(40_000)) + "\"}";
            case BINARY -> "(binary)";
        };
    }

    private static byte[] bytes(Random random) {
        byte[] data = new byte[1 + random.nextInt(64)];
        random.nextBytes(data);
        return random.nextBoolean() ? data : "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String text) {
        return "\"" + text + "\"";
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... values) {
        return values[random.nextInt(values.length)];
    }

    private static String abbreviate(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "…(" + text.length() + " chars)" : text;
    }
}
