package com.orbitlend.testkit.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.events.EventJson;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * A JDK WebSocket client of the notification gateway that records every frame it receives and how it was
 * closed: the token rides in the Authorization header (or, as in a browser, the bearer-token-carrier subprotocol).
 */
public final class TestSocket implements WebSocket.Listener, AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    private TestSocket() {
    }

    /** Connects with {@code Authorization: Bearer} and waits for the welcome frame. */
    public static TestSocket connect(URI uri, String token) {
        return open(HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token), uri);
    }

    /** Connects with {@code Authorization: Bearer} without waiting for any frame (e.g. to see it closed). */
    public static TestSocket open(URI uri, String token) {
        TestSocket listener = new TestSocket();
        listener.socket = join(HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, listener));
        return listener;
    }

    /** Connects with a resume cursor and waits for the welcome frame. */
    public static TestSocket resume(URI uri, String token, String cursor) {
        return connect(URI.create(uri + "?cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)), token);
    }

    /** Connects as a browser does: the token rides in the bearer-token-carrier subprotocol. */
    public static TestSocket connectAsBrowser(URI uri, String token) {
        String carrier = URLEncoder.encode("quarkus-http-upgrade#Authorization#Bearer " + token, StandardCharsets.UTF_8)
                .replace("+", "%20");
        return open(HTTP.newWebSocketBuilder().subprotocols("bearer-token-carrier", carrier), uri);
    }

    private static TestSocket open(WebSocket.Builder builder, URI uri) {
        TestSocket listener = new TestSocket();
        listener.socket = join(builder.connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, listener));
        listener.awaitFrame(f -> "welcome".equals(f.path("type").asText()));
        return listener;
    }

    /** The HTTP status of a refused upgrade (null token: no Authorization header). */
    public static int refusedStatus(URI uri, String token) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        try {
            builder.buildAsync(uri, new TestSocket()).join().abort();
            throw new AssertionError("upgrade was accepted");
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    public static URI wsUri(URI http) {
        return URI.create(http.toString().replaceFirst("^http", "ws"));
    }

    /** Sends a client message, e.g. {@code {"type":"subscribe","channel":"public:marketplace"}}. */
    public void send(String text) {
        join(socket.sendText(text, true));
    }

    /** Sends a binary frame (which the gateway does not accept). */
    public void sendBinary(byte[] data) {
        join(socket.sendBinary(java.nio.ByteBuffer.wrap(data), true));
    }

    /** Sends binary data and waits for the first frame received after it that matches. */
    public JsonNode sendBinaryAndAwait(byte[] data, Predicate<JsonNode> match) {
        int from = frames.size();
        sendBinary(data);
        return awaitFrom(from, match, DEFAULT_WAIT);
    }

    /** Sends a message and waits for the first frame received after it that matches. */
    public JsonNode sendAndAwait(String text, Predicate<JsonNode> match) {
        int from = frames.size();
        send(text);
        return awaitFrom(from, match, DEFAULT_WAIT);
    }

    public List<JsonNode> frames() {
        return List.copyOf(frames);
    }

    public List<JsonNode> events() {
        return frames.stream().filter(f -> "event".equals(f.path("type").asText())).toList();
    }

    /** Event frames named {@code event}. */
    public List<JsonNode> events(String event) {
        return events().stream().filter(f -> event.equals(f.path("event").asText())).toList();
    }

    public JsonNode welcome() {
        return frames.stream().filter(f -> "welcome".equals(f.path("type").asText())).findFirst().orElseThrow();
    }

    /** Waits (up to 30 s) for the first frame (already received or not) that matches. */
    public JsonNode awaitFrame(Predicate<JsonNode> match) {
        return awaitFrame(match, DEFAULT_WAIT);
    }

    public JsonNode awaitFrame(Predicate<JsonNode> match, Duration timeout) {
        return awaitFrom(0, match, timeout);
    }

    /** Waits for a frame received after the call that matches. */
    public JsonNode awaitNextFrame(Predicate<JsonNode> match) {
        return awaitFrom(frames.size(), match, DEFAULT_WAIT);
    }

    /** Waits for the event frame named {@code event} whose data has {@code field} = {@code value}. */
    public JsonNode awaitEvent(String event, String field, String value) {
        return awaitEvent(event, field, value, DEFAULT_WAIT);
    }

    public JsonNode awaitEvent(String event, String field, String value, Duration timeout) {
        return awaitFrame(f -> "event".equals(f.path("type").asText()) && event.equals(f.path("event").asText())
                && value.equals(f.path("data").path(field).asText()), timeout);
    }

    private JsonNode awaitFrom(int from, Predicate<JsonNode> match, Duration timeout) {
        return await().atMost(timeout).until(
                () -> {
                    // a snapshot: a sub-list of the live list fails once another frame arrives
                    List<JsonNode> received = List.copyOf(frames);
                    return received.subList(Math.min(from, received.size()), received.size()).stream()
                            .filter(match).findFirst();
                },
                Optional::isPresent).orElseThrow();
    }

    /**
     * What a client keeps to resume, built as a client builds it: the {@code cursor} of the last frame that carries
     * one ({@code welcome}, {@code resumed}, {@code subscribed}, {@code unsubscribed}) with the {@code pos} of every
     * event frame after it applied to its channel. Null before any cursor arrived.
     */
    public String lastCursor() {
        Map<String, String> positions = null;
        for (JsonNode frame : frames) {
            String cursor = frame.path("cursor").asText("");
            if (!cursor.isEmpty()) {
                positions = parseCursor(cursor);
            } else if (positions != null && "event".equals(frame.path("type").asText()) && frame.has("pos")) {
                positions.put(frame.path("channel").asText(), frame.path("pos").asText());
            }
        }
        if (positions == null) {
            return null;
        }
        StringBuilder cursor = new StringBuilder("v2");
        positions.forEach((channel, pos) -> cursor.append(',').append(channel).append('=').append(pos));
        return cursor.toString();
    }

    /** The channel -> position map of a cursor ({@code v2,<channel>=<partition>:<offset>,...}). */
    public static Map<String, String> parseCursor(String cursor) {
        Map<String, String> positions = new TreeMap<>();
        String[] entries = cursor.split(",");
        if (!"v2".equals(entries[0])) {
            throw new AssertionError("not a v2 cursor: " + cursor);
        }
        for (int i = 1; i < entries.length; i++) {
            int eq = entries[i].lastIndexOf('=');
            positions.put(entries[i].substring(0, eq), entries[i].substring(eq + 1));
        }
        return positions;
    }

    public CompletableFuture<Integer> closeCode() {
        return closeCode;
    }

    public boolean isOpen() {
        return !closeCode.isDone() && !socket.isInputClosed();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                frames.add(EventJson.mapper().readTree(partial.toString()));
            } catch (Exception e) {
                throw new AssertionError("server sent invalid JSON: " + partial, e);
            } finally {
                partial.setLength(0);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.completeExceptionally(error);
    }

    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
