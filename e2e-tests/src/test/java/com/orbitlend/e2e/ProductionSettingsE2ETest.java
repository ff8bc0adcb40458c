package com.orbitlend.e2e;

import com.orbitlend.testkit.postgres.PostgresTestDatabase;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The packaged services in production mode refuse to start without a token issuer or audience, with a message
 * that names the setting. Each attempt is a JVM that stops during startup, after its schema migration.
 */
class ProductionSettingsE2ETest {

    @Test
    void everyServiceRefusesToStartWithoutIssuerOrAudience() throws Exception {
        Path work = Path.of(System.getProperty("orbitlend.e2e.work", "target/e2e"), "no-token-settings");
        Files.createDirectories(work);
        String[][] cases = {
                {"loan-service", "MP_JWT_VERIFY_AUDIENCES"},
                {"marketplace-service", "MP_JWT_VERIFY_ISSUER"},
                {"notification-gateway", "MP_JWT_VERIFY_AUDIENCES"},
                {"kyc-service", "MP_JWT_VERIFY_AUDIENCES"}};
        for (String[] c : cases) {
            Map<String, String> env = new HashMap<>();
            env.put("MP_JWT_VERIFY_ISSUER", IssuerKeys.ISSUER);
            env.put("MP_JWT_VERIFY_AUDIENCES", IssuerKeys.AUDIENCE);
            env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "http://127.0.0.1:9/.well-known/jwks.json");
            env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9");
            env.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", new IssuerKeys().writePrivateKey(work).toString());
            env.remove(c[1]);
            ServiceProcess service = new ServiceProcess(c[0], c[0] + "-without-" + c[1], work);
            // a real database: the schema migration runs before the check, and must not be what fails
            try (PostgresTestDatabase db = PostgresTestDatabase.create("e2e_settings")) {
                env.put("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl());
                env.put("QUARKUS_DATASOURCE_USERNAME", db.username());
                env.put("QUARKUS_DATASOURCE_PASSWORD", db.password());
                assertThatThrownBy(() -> service.start(env, Duration.ofSeconds(90)))
                        .as(c[0] + " without " + c[1]).hasMessageContaining("exited");
            } finally {
                service.close();
            }
            String log = Files.readString(service.log());
            assertThat(log).as(c[0] + " log").contains("Token verification is not configured")
                    .contains(c[1]);
        }
    }
}
