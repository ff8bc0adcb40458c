package com.orbitlend.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The Grafana dashboard queries only OrbitLend meters the code registers (Micrometer names, dots for _). */
class DashboardTest {

    @Test
    void everyOrbitlendMetricOfTheDashboardIsRegisteredByTheCode() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Repo.ROOT.resolve("deploy/grafana/orbitlend-dashboard.json")
                .toFile());
        Set<String> queried = new TreeSet<>();
        Pattern metric = Pattern.compile("orbitlend_[a-z_]+");
        dashboard.findValues("expr").forEach(e -> {
            Matcher m = metric.matcher(e.asText());
            while (m.find()) {
                queried.add(m.group());
            }
        });
        assertThat(queried).hasSizeGreaterThanOrEqualTo(8);

        String sources;
        try (Stream<Path> files = Files.walk(Repo.ROOT)) {
            sources = files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/"))
                    .map(f -> {
                        try {
                            return Files.readString(f);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }).collect(Collectors.joining("\n"));
        }
        for (String name : queried) {
            String base = name.replaceAll("_(total|seconds)$", "");
            assertThat(sources).as(name + " registered as \"" + base.replace('_', '.') + "\"")
                    .contains("\"" + base.replace('_', '.') + "\"");
        }
    }
}
