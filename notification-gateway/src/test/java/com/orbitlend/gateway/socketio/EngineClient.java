package com.orbitlend.gateway.socketio;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.awaitility.Awaitility;

/** A raw Engine.IO client for tests: every text packet as received; it answers pings unless told not to. */
final class EngineClient implements WebSocket.Listener, AutoCloseable {

    final List<String> packets = new CopyOnWriteArrayList<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    static EngineClient open(URI http) {
        URI uri = URI.create(http.toString().replaceFirst("^http", "ws") + "?EIO=4&transport=websocket");
        EngineClient client = new EngineClient();
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, client).join();
        return client;
    }

    void send(String packet) {
        socket.sendText(packet, true).join();
    }

    String await(Predicate<String> match) {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> packets.stream().filter(match).findFirst(),
                java.util.Optional::isPresent).get();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String packet = partial.toString();
            partial.setLength(0);
            packets.add(packet);
            if (packet.equals("2")) {
                webSocket.sendText("3", true);
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
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }
}
