package com.orbitlend.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/compose through Docker Compose's own parser ({@code docker-compose config}, Debian's 1.29), with the
 * variables of .env.example filled in. No container runs: build contexts are stood in by empty folders in a
 * scratch copy (the images need the packaged applications, and web/ belongs to the web app's build).
 */
class ComposeFileTest {

    private static final Path COMPOSE = Repo.ROOT.resolve("deploy/compose");
    private static final List<String> SERVICES = List.of("kyc-service", "loan-service", "marketplace-service",
            "notification-gateway");

    @TempDir
    static Path scratch;

    private static JsonNode config;

    @BeforeAll
    static void parse() throws Exception {
        Path compose = scratch.resolve("deploy/compose");
        Files.createDirectories(compose);
        Files.copy(COMPOSE.resolve("compose.yaml"), compose.resolve("compose.yaml"));
        for (String context : List.of("kyc-service", "loan-service", "marketplace-service", "notification-gateway",
                "web")) {
            Files.createDirectories(scratch.resolve(context));
        }
        Map<String, String> env = new HashMap<>();
        for (Map.Entry<String, String> e : envExample().entrySet()) {
            env.put(e.getKey(), e.getValue().isEmpty() ? "value-for-validation" : e.getValue());
        }
        Path key = Files.writeString(scratch.resolve("signing-key.pem"), "not a key: validation only");
        env.put("ORBITLEND_SIGNING_KEY_FILE", key.toString());
        config = Repo.YAML.readTree(Repo.run(compose, env, "docker-compose", "-f", "compose.yaml", "config"));
    }

    @Test
    void everyRequiredVariableIsInEnvExampleWithNoValue() throws Exception {
        String text = Files.readString(COMPOSE.resolve("compose.yaml"));
        Map<String, String> example = envExample();
        Matcher required = Pattern.compile("\\$\\{([A-Z_]+):\\?").matcher(text);
        int count = 0;
        while (required.find()) {
            count++;
            assertThat(example).as(".env.example lists " + required.group(1)).containsKey(required.group(1));
        }
        assertThat(count).isGreaterThanOrEqualTo(4);
        example.forEach((name, value) -> {
            if (name.contains("PASSWORD")) {
                assertThat(value).as(name + " has no committed value").isEmpty();
            }
        });
        assertThat(text).doesNotContainPattern("(?m)^\\s*[A-Z_]*PASSWORD:\\s*[^$\\s]");
    }

    @Test
    void kafkaRunsInKRaftModeAndTopicsAreCreatedFirstWithTheContractsPartitions() throws Exception {
        JsonNode kafka = config.at("/services/kafka");
        assertThat(kafka.path("image").asText()).startsWith("apache/kafka:");
        assertThat(kafka.at("/environment/KAFKA_PROCESS_ROLES").asText()).contains("controller").contains("broker");
        assertThat(kafka.has("healthcheck")).isTrue();

        JsonNode topics = config.at("/services/kafka-topics");
        assertThat(topics.at("/depends_on/kafka/condition").asText()).isEqualTo("service_healthy");
        String script = Files.readString(COMPOSE.resolve("kafka/create-topics.sh"));
        Map<String, Integer> created = new LinkedHashMap<>();
        Matcher line = Pattern.compile("(?m)^topic (\\S+)\\s+(\\d+)\\s").matcher(script);
        while (line.find()) {
            created.put(line.group(1), Integer.parseInt(line.group(2)));
        }
        for (Repo.Topic topic : Repo.contractTopics()) {
            assertThat(created.remove(topic.name())).as("create-topics.sh: " + topic.name())
                    .isEqualTo(topic.partitions());
        }
        assertThat(created).as("topics that are not in the contract").isEmpty();
    }

    @Test
    void theServicesWaitForTheirDependenciesAndReportHealth() {
        for (String service : SERVICES) {
            JsonNode s = config.at("/services/" + service);
            assertThat(s.path("build").path("dockerfile").asText()).isEqualTo("src/main/docker/Dockerfile.jvm");
            assertThat(Repo.ROOT.resolve(service + "/src/main/docker/Dockerfile.jvm")).exists();
            assertThat(s.has("healthcheck")).as(service + " healthcheck").isTrue();
            assertThat(s.at("/depends_on/postgres/condition").asText()).isEqualTo("service_healthy");
            assertThat(s.at("/depends_on/kafka-topics/condition").asText())
                    .isEqualTo("service_completed_successfully");
            assertThat(s.at("/environment/KAFKA_BOOTSTRAP_SERVERS").asText()).isEqualTo("kafka:9092");
            for (String token : List.of("MP_JWT_VERIFY_ISSUER", "MP_JWT_VERIFY_AUDIENCES",
                    "MP_JWT_VERIFY_PUBLICKEY_LOCATION")) {
                assertThat(s.at("/environment/" + token).asText()).as(service + " " + token).isNotBlank();
            }
            if (!service.equals("kyc-service")) {
                assertThat(s.at("/depends_on/kyc-service/condition").asText()).as(service + " waits for the JWKS")
                        .isEqualTo("service_healthy");
            }
        }
        assertThat(config.at("/services/postgres/healthcheck").isMissingNode()).isFalse();
    }

    @Test
    void twoGatewayReplicasSitBehindTheEdge() throws Exception {
        assertThat(config.at("/services/notification-gateway/deploy/replicas").asInt()).isEqualTo(2);
        assertThat(config.at("/services/notification-gateway/ports").isMissingNode())
                .as("the gateway is reached through the edge only").isTrue();
        JsonNode edge = config.at("/services/edge");
        assertThat(edge.at("/build/dockerfile").asText()).isEqualTo("edge/Dockerfile");
        assertThat(edge.at("/environment/ORBITLEND_GATEWAY_UPSTREAM").asText()).isEqualTo("notification-gateway:8080");
        assertThat(edge.at("/depends_on/notification-gateway/condition").asText()).isEqualTo("service_healthy");
        assertThat(edge.has("healthcheck")).isTrue();
        assertThat(edge.path("ports").size()).isEqualTo(1);
        // once web/edge is in the tree: the variables set here are the ones its nginx template reads
        Path template = Repo.ROOT.resolve("web/edge/nginx.conf.template");
        if (Files.exists(template)) {
            String text = Files.readString(template);
            edge.path("environment").fieldNames().forEachRemaining(name ->
                    assertThat(text).as("web/edge/nginx.conf.template reads " + name).contains("${" + name + "}"));
        }
    }

    private static Map<String, String> envExample() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(COMPOSE.resolve(".env.example"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int eq = line.indexOf('=');
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }
}
