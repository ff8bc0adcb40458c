package com.orbitlend.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's Socket.IO endpoint driven by the real socket.io-client: runs the Node tests in
 * {@code e2e-tests/socketio} ({@code node --test}; {@code npm ci} there first) against the platform and two more
 * gateway replicas with a two-second heartbeat, one of which the tests kill (SIGKILL) mid-stream.
 */
class SocketIoCompatE2ETest {

    @Test
    void socketIoClientTests() throws Exception {
        Path project = Path.of(System.getProperty("orbitlend.root"), "e2e-tests", "socketio");
        assertThat(project.resolve("node_modules/socket.io-client")).as("run npm ci in " + project).exists();
        Platform platform = Platform.get();
        Map<String, String> heartbeat = Map.of("ORBITLEND_GATEWAY_HEARTBEAT_INTERVAL", "2s",
                "ORBITLEND_GATEWAY_HEARTBEAT_MAX_MISSED", "2");
        ServiceProcess replicaA = platform.startGatewayReplica("notification-gateway-sio-a", heartbeat);
        ServiceProcess replicaB = platform.startGatewayReplica("notification-gateway-sio-b", heartbeat);
        try {
            Path log = Path.of(System.getProperty("orbitlend.e2e.work", "target/e2e")).resolve("socketio-node.log");
            ProcessBuilder node = new ProcessBuilder(List.of("node", "--test", "--test-concurrency=1",
                    "--test-reporter=spec", "test/"))
                    .directory(project.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            node.environment().putAll(Map.of(
                    "KYC_URL", base(platform.kycService), "LOAN_URL", base(platform.loanService),
                    "MARKET_URL", base(platform.marketplaceService), "GATEWAY_URL", base(platform.gateway),
                    "GATEWAY_A_URL", base(replicaA), "GATEWAY_B_URL", base(replicaB),
                    "GATEWAY_A_PID", String.valueOf(replicaA.pid()), "ADMIN_PASSWORD", Platform.ADMIN_PASSWORD));
            Process process = node.start();
            boolean finished = process.waitFor(5, TimeUnit.MINUTES);
            if (!finished) {
                process.destroyForcibly();
            }
            String output = Files.readString(log);
            assertThat(finished && process.exitValue() == 0).as("node --test (log %s):%n%s", log, output).isTrue();
        } finally {
            replicaA.kill();
            replicaB.close();
        }
    }

    private static String base(ServiceProcess service) {
        return "http://127.0.0.1:" + service.port();
    }
}
