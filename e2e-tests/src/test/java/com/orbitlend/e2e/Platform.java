package com.orbitlend.e2e;

import com.orbitlend.localkafka.LocalKafkaProcess;
import com.orbitlend.testkit.postgres.PostgresTestDatabase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform as it runs in production, scaled down: a Kafka broker in its own JVM, a fresh PostgreSQL
 * database per service, and each service's packaged application as its own process. kyc-service issues the
 * tokens; every service (itself included) verifies them with its JWKS URL, as with any other OIDC issuer.
 * Started once per test JVM and stopped when it exits; logs in {@code e2e-tests/target/e2e/}.
 */
final class Platform {

    static final String ADMIN_PASSWORD = "e2e-admin-password-0001";

    private static Platform instance;

    final LocalKafkaProcess kafka;
    final IssuerKeys issuer = new IssuerKeys();
    final ServiceProcess kycService;
    final ServiceProcess loanService;
    final ServiceProcess marketplaceService;
    final ServiceProcess gateway;
    private final List<PostgresTestDatabase> databases = new ArrayList<>();
    private final Path work;
    private Map<String, String> gatewayEnv;
    private Map<String, String> kycEnv;

    private Platform() throws Exception {
        work = Path.of(System.getProperty("orbitlend.e2e.work", "target/e2e"));
        Files.createDirectories(work);
        int kafkaPort = ServiceProcess.freePort();
        int controllerPort = ServiceProcess.freePort();
        while (controllerPort == kafkaPort) {
            controllerPort = ServiceProcess.freePort();
        }
        kafka = new LocalKafkaProcess(work.resolve("kafka-" + ProcessHandle.current().pid()), kafkaPort,
                controllerPort).start(Duration.ofSeconds(60));
        kycService = new ServiceProcess("kyc-service", work);
        loanService = new ServiceProcess("loan-service", work);
        marketplaceService = new ServiceProcess("marketplace-service", work);
        gateway = new ServiceProcess("notification-gateway", work);

        kycEnv = env("e2e_kyc");
        kycEnv.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", issuer.writePrivateKey(work).toString());
        kycEnv.put("ORBITLEND_KYC_INITIAL_ADMIN_PASSWORD", ADMIN_PASSWORD);
        // every test client comes from 127.0.0.1: throttle per address only far above what the suite does
        kycEnv.put("ORBITLEND_KYC_REGISTRATION_LIMIT_MAX_PER_ADDRESS", "100000");
        kycEnv.put("ORBITLEND_KYC_LOGIN_LIMIT_PER_ADDRESS_FREE_FAILURES", "100000");
        // verifiers re-read the JWKS after a second, so a key rotation is seen at once (production: 5 minutes)
        kycEnv.put("ORBITLEND_KYC_TOKEN_JWKS_MAX_AGE", "1s");
        kycService.start(kycEnv, Duration.ofSeconds(90));
        loanService.start(env("e2e_loan"), Duration.ofSeconds(90));
        marketplaceService.start(env("e2e_market"), Duration.ofSeconds(90));
        gatewayEnv = env("e2e_gateway");
        // generous on this slow, shared machine: a crashed replica's partitions need a session timeout to move
        gatewayEnv.put("ORBITLEND_GATEWAY_DELIVERY_RESUME_WAIT", "60s");
        gateway.start(gatewayEnv, Duration.ofSeconds(90));
    }

    static synchronized Platform get() throws Exception {
        if (instance == null) {
            instance = new Platform();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "e2e-platform-stop"));
        }
        return instance;
    }

    /** Starts another gateway replica (same database and Kafka as {@link #gateway}), e.g. to kill it. */
    ServiceProcess startGatewayReplica(String instance) throws Exception {
        return startGatewayReplica(instance, Map.of());
    }

    /** Starts another gateway replica with {@code overrides} on top of {@link #gateway}'s environment. */
    ServiceProcess startGatewayReplica(String instance, Map<String, String> overrides) throws Exception {
        ServiceProcess replica = new ServiceProcess("notification-gateway", instance, work);
        Map<String, String> env = new HashMap<>(gatewayEnv);
        env.putAll(overrides);
        replica.start(env, Duration.ofSeconds(90));
        return replica;
    }

    /**
     * Restarts kyc-service (same port and database) with {@code changes} applied to its environment (a null value
     * removes a variable), e.g. to rotate its signing key; they stay in force for the rest of the run.
     */
    void restartKycService(Map<String, String> changes) throws Exception {
        kycService.close();
        changes.forEach((name, value) -> {
            if (value == null) {
                kycEnv.remove(name);
            } else {
                kycEnv.put(name, value);
            }
        });
        kycService.start(kycEnv, Duration.ofSeconds(90));
    }

    /** Where the end-to-end tests keep their logs and data. */
    Path work() {
        return work;
    }

    PlatformClient client() {
        return new PlatformClient(this);
    }

    private Map<String, String> env(String database) {
        PostgresTestDatabase db = PostgresTestDatabase.create(database);
        databases.add(db);
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", db.username());
        env.put("QUARKUS_DATASOURCE_PASSWORD", db.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", kycService.uri("/.well-known/jwks.json").toString());
        env.put("MP_JWT_VERIFY_ISSUER", IssuerKeys.ISSUER);
        env.put("MP_JWT_VERIFY_AUDIENCES", IssuerKeys.AUDIENCE);
        return env;
    }

    private void stop() {
        try {
            gateway.close();
            marketplaceService.close();
            loanService.close();
            kycService.close();
            kafka.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            databases.forEach(PostgresTestDatabase::close);
        }
    }
}
