package com.orbitlend.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.events.EventJson;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** A non-browser client of the gateway: token in the Authorization header, frames collected for assertions. */
final class SocketClient implements WebSocket.Listener, AutoCloseable {

    private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocket socket;

    static SocketClient connect(URI uri, String token) throws Exception {
        SocketClient client = new SocketClient();
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, client)
                .get(15, TimeUnit.SECONDS);
        client.awaitFrame(f -> "welcome".equals(f.path("type").asText()));
        return client;
    }

    /** Waits (up to 30 s) for a frame matching {@code match}, received before or after the call. */
    JsonNode awaitFrame(Predicate<JsonNode> match) {
        return awaitFrame(match, Duration.ofSeconds(30));
    }

    JsonNode awaitFrame(Predicate<JsonNode> match, Duration timeout) {
        return await().atMost(timeout).until(
                () -> frames.stream().filter(match).findFirst().orElse(null), f -> f != null);
    }

    /** Waits for the event frame named {@code event} whose data has {@code field} = {@code value}. */
    JsonNode awaitEvent(String event, String field, String value) {
        return awaitEvent(event, field, value, Duration.ofSeconds(30));
    }

    JsonNode awaitEvent(String event, String field, String value, Duration timeout) {
        return awaitFrame(f -> "event".equals(f.path("type").asText()) && event.equals(f.path("event").asText())
                && value.equals(f.path("data").path(field).asText()), timeout);
    }

    /** The cursor of the last frame that carried one: what a client keeps to resume. */
    String lastCursor() {
        for (int i = frames.size() - 1; i >= 0; i--) {
            String cursor = frames.get(i).path("cursor").asText("");
            if (!cursor.isEmpty()) {
                return cursor;
            }
        }
        return null;
    }

    /** Sends a client message, e.g. {@code {"type":"subscribe","channel":"public:marketplace"}}. */
    void send(String json) {
        socket.sendText(json, true).join();
    }

    List<JsonNode> frames() {
        return List.copyOf(frames);
    }

    /** Event frames named {@code event}. */
    List<JsonNode> events(String event) {
        return events().stream().filter(e -> event.equals(e.path("event").asText())).toList();
    }

    List<JsonNode> events() {
        List<JsonNode> events = new ArrayList<>();
        frames.stream().filter(f -> "event".equals(f.path("type").asText())).forEach(events::add);
        return events;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                frames.add(EventJson.mapper().readTree(partial.toString()));
            } catch (Exception e) {
                throw new IllegalStateException("gateway sent invalid JSON: " + partial, e);
            } finally {
                partial.setLength(0);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
    }
}
