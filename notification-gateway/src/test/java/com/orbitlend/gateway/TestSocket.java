package com.orbitlend.gateway;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** A JDK WebSocket client that records every frame it receives and how it was closed. */
public final class TestSocket implements WebSocket.Listener, AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    private TestSocket() {
    }

    /** Connects with {@code Authorization: Bearer} and waits for the welcome frame. */
    public static TestSocket connect(URI uri, String token) {
        TestSocket listener = new TestSocket();
        listener.socket = join(HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(uri, listener));
        listener.awaitFrame(f -> "welcome".equals(f.path("type").asText()));
        return listener;
    }

    /** Connects with a resume cursor and waits for the welcome frame. */
    public static TestSocket resume(URI uri, String token, String cursor) {
        return connect(URI.create(uri + "?cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)), token);
    }

    /** Connects as a browser does: the token rides in the bearer-token-carrier subprotocol. */
    public static TestSocket connectAsBrowser(URI uri, String token) {
        TestSocket listener = new TestSocket();
        String carrier = URLEncoder.encode("quarkus-http-upgrade#Authorization#Bearer " + token, StandardCharsets.UTF_8)
                .replace("+", "%20");
        listener.socket = join(HTTP.newWebSocketBuilder().subprotocols("bearer-token-carrier", carrier)
                .buildAsync(uri, listener));
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

    public void send(String text) {
        join(socket.sendText(text, true));
    }

    /** Sends a message and waits for the first frame received after it that matches. */
    public JsonNode sendAndAwait(String text, Predicate<JsonNode> match) {
        int from = frames.size();
        send(text);
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> frames.subList(from, frames.size()).stream().filter(match).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
    }

    public List<JsonNode> frames() {
        return List.copyOf(frames);
    }

    public List<JsonNode> events() {
        return frames.stream().filter(f -> "event".equals(f.path("type").asText())).toList();
    }

    public List<JsonNode> events(String event) {
        return events().stream().filter(f -> event.equals(f.path("event").asText())).toList();
    }

    public JsonNode welcome() {
        return frames.stream().filter(f -> "welcome".equals(f.path("type").asText())).findFirst().orElseThrow();
    }

    /** Waits for the first frame (already received or not) that matches. */
    public JsonNode awaitFrame(Predicate<JsonNode> match) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> frames.stream().filter(match).findFirst(), java.util.Optional::isPresent).orElseThrow();
    }

    /** Waits for a frame received after the call that matches. */
    public JsonNode awaitNextFrame(Predicate<JsonNode> match) {
        int from = frames.size();
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> frames.subList(from, frames.size()).stream().filter(match).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
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
