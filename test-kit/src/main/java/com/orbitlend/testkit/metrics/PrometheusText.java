package com.orbitlend.testkit.metrics;

import java.util.Map;
import java.util.OptionalDouble;

/** Reads samples out of a {@code /q/metrics} body (Prometheus text format). */
public final class PrometheusText {

    private PrometheusText() {
    }

    /**
     * The sum of the samples of {@code name} whose labels include all of {@code labels} (other labels are
     * ignored), or empty if there is none.
     */
    public static OptionalDouble value(String body, String name, Map<String, String> labels) {
        double sum = 0;
        boolean found = false;
        for (String line : body.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            String labelText = line.startsWith(name + "{") ? line.substring(name.length(), line.lastIndexOf('}') + 1)
                    : "";
            if (labels.entrySet().stream().allMatch(l -> labelText.contains(l.getKey() + "=\"" + l.getValue() + "\""))) {
                String[] parts = line.substring(name.length() + labelText.length()).trim().split(" ");
                sum += Double.parseDouble(parts[0]);
                found = true;
            }
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }

    /** As {@link #value}, 0 when absent (a counter not incremented yet). */
    public static double valueOrZero(String body, String name, Map<String, String> labels) {
        return value(body, name, labels).orElse(0);
    }
}
