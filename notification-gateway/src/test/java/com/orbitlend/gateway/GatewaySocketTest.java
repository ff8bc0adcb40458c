package com.orbitlend.gateway;

import com.orbitlend.testkit.ws.TestSocket;
import io.quarkus.test.common.http.TestHTTPResource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Base of the tests that talk to the running gateway over WebSockets: {@link #ws} is its endpoint, and each
 * test starts once the gateway reports ready (Kafka consumers, database, fan-out partitions assigned).
 */
public abstract class GatewaySocketTest {

    private static volatile boolean ready;

    @TestHTTPResource("/ws")
    URI http;

    @TestHTTPResource("/q/health/ready")
    URI health;

    protected URI ws;

    @BeforeEach
    void awaitGatewayReady() {
        if (!ready) {
            HttpClient client = HttpClient.newHttpClient();
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> client.send(HttpRequest.newBuilder(health).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
            ready = true;
        }
        ws = TestSocket.wsUri(http);
    }
}
