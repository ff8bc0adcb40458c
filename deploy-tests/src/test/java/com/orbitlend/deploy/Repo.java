package com.orbitlend.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The repository under test, the events contract, and the external tools the checks run. */
final class Repo {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Path ROOT = Path.of(System.getProperty("orbitlend.root", "..")).toAbsolutePath().normalize();

    private Repo() {
    }

    /** A topic of the events contract: name, partitions, and who may write it. */
    record Topic(String name, int partitions, List<String> producers) {
    }

    /** Every channel of events-contract's AsyncAPI document. */
    static List<Topic> contractTopics() throws IOException {
        JsonNode doc = YAML.readTree(ROOT.resolve("events-contract/src/main/resources/asyncapi.yaml").toFile());
        List<Topic> topics = new ArrayList<>();
        doc.path("channels").forEach(channel -> {
            List<String> producers = new ArrayList<>();
            channel.path("x-producers").forEach(p -> producers.add(p.asText()));
            topics.add(new Topic(channel.path("address").asText(),
                    channel.at("/bindings/kafka/partitions").asInt(), producers));
        });
        if (topics.isEmpty()) {
            throw new IllegalStateException("no channels in the events contract");
        }
        return topics;
    }

    /** All YAML documents of {@code text}, nulls (empty documents) dropped. */
    static List<JsonNode> documents(String text) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(text)) {
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node != null && !node.isNull() && !node.isMissingNode()) {
                    docs.add(node);
                }
            }
        }
        return docs;
    }

    /** Runs {@code command} in {@code dir}; its standard output, or a failure naming the tool and its errors. */
    static String run(Path dir, Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().putAll(env);
        Path err = Files.createTempFile("deploy-tests", ".err");
        builder.redirectError(err.toFile());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is not installed (.ci/run installs it: kubectl from Debian's"
                    + " kubernetes-client, docker-compose from Debian's docker-compose): " + e.getMessage(), e);
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 120 s");
        }
        String errors = Files.readString(err);
        Files.deleteIfExists(err);
        if (process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (exit " + process.exitValue() + "): "
                    + errors + out);
        }
        return out;
    }
}
