package com.orbitlend.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.awaitility.Awaitility;

/** Waits until the gateway reports ready: Kafka consumers, database, fan-out partitions assigned. */
public final class GatewayReady {

    private static volatile boolean ready;

    private GatewayReady() {
    }

    public static void awaitReady(URI health) {
        if (ready) {
            return;
        }
        HttpClient client = HttpClient.newHttpClient();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> client.send(
                HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        ready = true;
    }
}
