package com.orbitlend.e2e;

import com.orbitlend.localkafka.LocalKafkaProcess;
import com.orbitlend.testkit.jwt.TestJwt;
import com.orbitlend.testkit.postgres.PostgresTestDatabase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The platform as it runs in production, scaled down: a Kafka broker in its own JVM, a fresh PostgreSQL
 * database per service, and each service's packaged application as its own process. Started once per test
 * JVM and stopped when it exits; logs in {@code e2e-tests/target/e2e/}.
 */
final class Platform {

    private static Platform instance;

    final LocalKafkaProcess kafka;
    final ServiceProcess loanService;
    final ServiceProcess gateway;
    private final PostgresTestDatabase loanDb;
    private final PostgresTestDatabase gatewayDb;

    private Platform() throws Exception {
        Path work = Path.of(System.getProperty("orbitlend.e2e.work", "target/e2e"));
        Files.createDirectories(work);
        kafka = new LocalKafkaProcess(work.resolve("kafka-" + ProcessHandle.current().pid()),
                ServiceProcess.freePort()).start(Duration.ofSeconds(60));
        loanDb = PostgresTestDatabase.create("e2e_loan");
        gatewayDb = PostgresTestDatabase.create("e2e_gateway");
        loanService = new ServiceProcess("loan-service", work)
                .start(env(loanDb), Duration.ofSeconds(90));
        gateway = new ServiceProcess("notification-gateway", work)
                .start(env(gatewayDb), Duration.ofSeconds(90));
    }

    static synchronized Platform get() throws Exception {
        if (instance == null) {
            instance = new Platform();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "e2e-platform-stop"));
        }
        return instance;
    }

    private Map<String, String> env(PostgresTestDatabase db) {
        return Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl(),
                "QUARKUS_DATASOURCE_USERNAME", db.username(),
                "QUARKUS_DATASOURCE_PASSWORD", db.password(),
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", TestJwt.publicKeyFile().toUri().toString(),
                "MP_JWT_VERIFY_ISSUER", TestJwt.ISSUER);
    }

    private void stop() {
        try {
            gateway.close();
            loanService.close();
            kafka.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            loanDb.close();
            gatewayDb.close();
        }
    }
}
