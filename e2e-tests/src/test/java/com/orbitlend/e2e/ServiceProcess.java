package com.orbitlend.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One packaged Quarkus service ({@code <module>/target/quarkus-app}) running as its own process. */
final class ServiceProcess implements AutoCloseable {

    private final String module;
    private final int port;
    private final Path log;
    private Process process;

    ServiceProcess(String module, Path logDir) {
        this(module, module, logDir);
    }

    /** One of several instances of {@code module}, logging to {@code <instance>.log}. */
    ServiceProcess(String module, String instance, Path logDir) {
        this.module = module;
        this.port = freePort();
        this.log = logDir.resolve(instance + ".log");
    }

    int port() {
        return port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The process id while running. */
    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** Starts the service with {@code env} added to its environment and waits until it reports ready. */
    ServiceProcess start(Map<String, String> env, Duration timeout) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("orbitlend.root"), module, "target", "quarkus-app", "quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build with ./mvnw verify from the root");
        }
        Files.createDirectories(log.getParent());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx384m", "-jar", jar.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        process = builder.start();
        awaitReady(timeout);
        return this;
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(module + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri("/q/health/ready"))
                                .timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(module + " not ready within " + timeout + "; see " + log);
    }

    /** Kills the process at once (SIGKILL), as a crash would: no graceful shutdown, no close frames. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
