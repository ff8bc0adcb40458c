package com.orbitlend.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders each overlay of deploy/k8s with {@code kubectl kustomize} and checks the rendered objects: what the
 * issue asks of every Deployment, of the gateway, of the Ingress and of Kafka, against the code and the events
 * contract rather than against copies of them.
 */
class KustomizeOverlaysTest {

    private static final List<String> SERVICES = List.of("kyc-service", "loan-service", "marketplace-service",
            "notification-gateway");

    private static List<JsonNode> render(String overlay) throws Exception {
        String yaml = Repo.run(Repo.ROOT, Map.of(), "kubectl", "kustomize", "deploy/k8s/overlays/" + overlay);
        List<JsonNode> objects = Repo.documents(yaml);
        assertThat(objects).as("objects rendered for " + overlay).hasSizeGreaterThan(20);
        return objects;
    }

    private static Stream<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText()));
    }

    private static JsonNode named(List<JsonNode> objects, String kind, String name) {
        return ofKind(objects, kind).filter(o -> name.equals(o.at("/metadata/name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyDeploymentIsProbedLimitedNonRootAndReadOnly(String overlay) throws Exception {
        List<JsonNode> objects = render(overlay);
        Set<String> deployments = new TreeSet<>();
        ofKind(objects, "Deployment").forEach(d -> {
            String name = d.at("/metadata/name").asText();
            deployments.add(name);
            JsonNode pod = d.at("/spec/template/spec");
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(name + " runAsNonRoot").isTrue();
            assertThat(pod.at("/securityContext/runAsUser").asInt()).as(name + " runAsUser").isPositive();
            Set<String> emptyDirs = new HashSet<>();
            pod.path("volumes").forEach(v -> {
                if (v.has("emptyDir")) {
                    emptyDirs.add(v.path("name").asText());
                }
            });
            pod.path("containers").forEach(c -> {
                String what = name + "/" + c.path("name").asText();
                for (String kind : List.of("requests", "limits")) {
                    assertThat(c.at("/resources/" + kind + "/cpu").asText()).as(what + " cpu " + kind).isNotEmpty();
                    assertThat(c.at("/resources/" + kind + "/memory").asText()).as(what + " memory " + kind)
                            .isNotEmpty();
                }
                assertThat(c.at("/securityContext/readOnlyRootFilesystem").asBoolean()).as(what + " read-only root")
                        .isTrue();
                assertThat(c.at("/securityContext/allowPrivilegeEscalation").isBoolean()
                        && !c.at("/securityContext/allowPrivilegeEscalation").asBoolean())
                        .as(what + " no privilege escalation").isTrue();
                boolean tmpOnEmptyDir = false;
                for (JsonNode m : c.path("volumeMounts")) {
                    tmpOnEmptyDir |= "/tmp".equals(m.path("mountPath").asText())
                            && emptyDirs.contains(m.path("name").asText());
                }
                assertThat(tmpOnEmptyDir).as(what + " /tmp on an emptyDir").isTrue();
                for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                    assertThat(c.path(probe).has("httpGet")).as(what + " " + probe).isTrue();
                }
                if (SERVICES.contains(name)) {
                    assertThat(c.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/started");
                    assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
                    assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
                }
            });
        });
        assertThat(deployments).containsAll(SERVICES).contains("edge");
        JsonNode config = named(objects, "ConfigMap", "orbitlend-config");
        for (String token : List.of("MP_JWT_VERIFY_ISSUER", "MP_JWT_VERIFY_AUDIENCES",
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", "KAFKA_BOOTSTRAP_SERVERS")) {
            assertThat(config.at("/data/" + token).asText()).as(token).isNotBlank();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theGatewayRunsTwoOrMoreReplicasScalesAndDrainsGracefully(String overlay) throws Exception {
        List<JsonNode> objects = render(overlay);
        JsonNode gateway = named(objects, "Deployment", "notification-gateway");
        assertThat(gateway.at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(2);

        JsonNode hpa = named(objects, "HorizontalPodAutoscaler", "notification-gateway");
        assertThat(hpa.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
        assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo("notification-gateway");
        assertThat(hpa.at("/spec/minReplicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(hpa.at("/spec/maxReplicas").asInt()).isGreaterThan(hpa.at("/spec/minReplicas").asInt());

        JsonNode pdb = named(objects, "PodDisruptionBudget", "notification-gateway");
        assertThat(pdb.at("/spec/selector/matchLabels")).isEqualTo(gateway.at("/spec/selector/matchLabels"));
        boolean keepsOneUp = pdb.at("/spec/maxUnavailable").asInt(Integer.MAX_VALUE) < hpa.at("/spec/minReplicas").asInt()
                || pdb.at("/spec/minAvailable").asInt(0) >= 1;
        assertThat(keepsOneUp).as("the PDB keeps a gateway up during voluntary disruptions").isTrue();

        // preStop delays SIGTERM (the pod leaves the endpoints first); the grace period then still leaves the
        // JVM time to close every socket with 1001 and leave the consumer groups before SIGKILL
        JsonNode container = gateway.at("/spec/template/spec/containers/0");
        JsonNode preStop = container.at("/lifecycle/preStop/exec/command");
        assertThat(preStop.get(0).asText()).isEqualTo("sleep");
        int sleep = Integer.parseInt(preStop.get(1).asText());
        int grace = gateway.at("/spec/template/spec/terminationGracePeriodSeconds").asInt();
        assertThat(grace).as("terminationGracePeriodSeconds").isGreaterThanOrEqualTo(sleep + 20);
        String shutdown = Files.readString(Repo.ROOT.resolve(
                "notification-gateway/src/main/java/com/orbitlend/gateway/protocol/SessionShutdown.java"));
        assertThat(shutdown).as("the drain this grace period is sized for").contains("ShutdownEvent")
                .contains("CloseCodes.GOING_AWAY");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theIngressRoutesEveryRestResourceToItsServiceAndTheWebSocketWithLongTimeouts(String overlay)
            throws Exception {
        List<JsonNode> objects = render(overlay);
        Map<String, String> routes = new HashMap<>();
        Map<String, JsonNode> ingressOf = new HashMap<>();
        ofKind(objects, "Ingress").forEach(ingress -> ingress.at("/spec/rules").forEach(rule ->
                rule.at("/http/paths").forEach(p -> {
                    String path = p.path("path").asText();
                    routes.put(path, p.at("/backend/service/name").asText());
                    ingressOf.put(path, ingress);
                })));

        for (String service : SERVICES) {
            List<String> resources = classLevelPaths(service);
            if (!service.equals("notification-gateway")) {
                assertThat(resources).as("REST resources of " + service).isNotEmpty();
            }
            for (String resource : resources) {
                assertThat(serviceFor(routes, resource)).as(overlay + ": " + resource + " of " + service)
                        .isEqualTo(service);
            }
        }
        String ws = webSocketPath();
        assertThat(serviceFor(routes, ws)).isEqualTo("notification-gateway");
        JsonNode wsIngress = ingressOf.get(longestRoute(routes, ws));
        assertThat(wsIngress.at("/metadata/annotations/nginx.ingress.kubernetes.io~1proxy-read-timeout").asInt())
                .as("WebSocket read timeout").isGreaterThanOrEqualTo(3600);
        assertThat(wsIngress.at("/metadata/annotations/nginx.ingress.kubernetes.io~1proxy-send-timeout").asInt())
                .as("WebSocket send timeout").isGreaterThanOrEqualTo(3600);
        assertThat(serviceFor(routes, "/")).isEqualTo("edge");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyContractTopicIsDeclaredWithItsPartitionsAndWrittenOnlyByItsProducers(String overlay)
            throws Exception {
        List<JsonNode> objects = render(overlay);
        Map<String, JsonNode> topics = new HashMap<>();
        ofKind(objects, "KafkaTopic").forEach(t -> topics.put(t.at("/spec/topicName").asText(
                t.at("/metadata/name").asText()), t));
        Map<String, Set<String>> writers = new HashMap<>();
        ofKind(objects, "KafkaUser").forEach(user -> user.at("/spec/authorization/acls").forEach(acl -> {
            boolean writes = false;
            for (JsonNode op : acl.path("operations")) {
                writes |= Set.of("Write", "All").contains(op.asText());
            }
            if (writes && "topic".equals(acl.at("/resource/type").asText())) {
                assertThat(acl.at("/resource/patternType").asText("literal")).as("write ACLs name one topic")
                        .isEqualTo("literal");
                writers.computeIfAbsent(acl.at("/resource/name").asText(), k -> new TreeSet<>())
                        .add(user.at("/metadata/name").asText());
            }
        }));

        for (Repo.Topic topic : Repo.contractTopics()) {
            JsonNode declared = topics.remove(topic.name());
            assertThat(declared).as(overlay + ": KafkaTopic " + topic.name()).isNotNull();
            assertThat(declared.at("/spec/partitions").asInt()).as(topic.name() + " partitions")
                    .isEqualTo(topic.partitions());
            assertThat(declared.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo("orbitlend-kafka");
            Set<String> expected = new TreeSet<>(topic.producers());
            if (!topic.name().endsWith(".dlq")) {
                expected.add("orbitlend-ops"); // bin/orbitlend dlq redrive re-publishes to source topics
            }
            assertThat(writers.getOrDefault(topic.name(), Set.of())).as("writers of " + topic.name())
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
        assertThat(topics.keySet()).as("KafkaTopics that are not in the contract").isEmpty();
        assertThat(ofKind(objects, "Kafka").findFirst().orElseThrow().at("/metadata/annotations/strimzi.io~1kraft")
                .asText()).isEqualTo("enabled");
        assertThat(ofKind(objects, "KafkaNodePool").count()).isPositive();
        assertThat(ofKind(objects, "Cluster").filter(c -> c.path("apiVersion").asText().startsWith("postgresql.cnpg.io"))
                .count()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void secretsAreDevelopmentValuesInDevAndAbsentInProd(String overlay) throws Exception {
        List<JsonNode> objects = render(overlay);
        List<JsonNode> secrets = ofKind(objects, "Secret").toList();
        if (overlay.equals("prod")) {
            assertThat(secrets).as("no Secret is committed for production").isEmpty();
        } else {
            assertThat(secrets).isNotEmpty().allSatisfy(s ->
                    assertThat(s.at("/metadata/labels/orbitlend.io~1dev-only").asText()).isEqualTo("true"));
        }
        assertThat(ofKind(objects, "NetworkPolicy").count()).isGreaterThanOrEqualTo(3);
    }

    /** The service whose Ingress route serves {@code path} (longest matching prefix, as ingress-nginx picks). */
    private static String serviceFor(Map<String, String> routes, String path) {
        String route = longestRoute(routes, path);
        return route == null ? null : routes.get(route);
    }

    private static String longestRoute(Map<String, String> routes, String path) {
        String best = null;
        for (String route : routes.keySet()) {
            boolean matches = route.equals("/") || path.equals(route) || path.startsWith(route + "/");
            if (matches && (best == null || route.length() > best.length())) {
                best = route;
            }
        }
        return best;
    }

    private static final Pattern PATH = Pattern.compile("@Path\\(\"([^\"]+)\"\\)");

    /** The class-level JAX-RS paths of a module's main sources. */
    private static List<String> classLevelPaths(String module) throws IOException {
        List<String> paths = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Repo.ROOT.resolve(module + "/src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher declaration = Pattern.compile("(?m)^(?:public\\s+|final\\s+|abstract\\s+)*(?:class|interface|record)\\s").matcher(source);
                if (!declaration.find()) {
                    continue;
                }
                Matcher path = PATH.matcher(source.substring(0, declaration.start()));
                while (path.find()) {
                    paths.add(path.group(1));
                }
            }
        }
        return paths;
    }

    private static String webSocketPath() throws IOException {
        // the native endpoint's route: NotificationSocket.PATH
        Matcher m = Pattern.compile("static final String PATH = \"([^\"]+)\";").matcher(Files.readString(Repo.ROOT.resolve(
                "notification-gateway/src/main/java/com/orbitlend/gateway/protocol/NotificationSocket.java")));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
