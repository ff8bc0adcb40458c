package com.orbitlend.testkit.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A seeded fuzzer of REST endpoints: each request takes an endpoint's valid shape and breaks one thing: a path
 * parameter or a query parameter, the JSON syntax, a field's type, a string (NUL, unpaired surrogate, megabytes),
 * a number (1e999999999, 400 digits, -0), the structure (missing, extra, nested 5,000 deep), or the content type.
 * The caller asserts on each {@link Outcome}; a service must answer every one with less than 500.
 */
public final class RestFuzz {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Pattern PARAM = Pattern.compile("\\{(\\w+)}");
    private static final String PLACEHOLDER = "fuzz-placeholder-7f3a";

    /** What a mutation breaks. */
    public enum Kind {
        PATH_PARAM, QUERY, BAD_JSON, WRONG_TYPE, BAD_STRING, EXOTIC_NUMBER, STRUCTURE, CONTENT_TYPE, VALID
    }

    /**
     * An endpoint: {@code path} with {@code {name}} parameters filled from {@code pathSamples}, a valid JSON body
     * (null: none), the query parameters it knows, and the bearer token to call it with (null: anonymous).
     */
    public record Endpoint(String method, String path, Map<String, String> pathSamples, Map<String, Object> body,
            List<String> queryParams, Supplier<String> token) {
    }

    /** One request sent and its answer. */
    public record Outcome(Endpoint endpoint, Kind kind, String description, int status, String contentType,
            String body) {

        @Override
        public String toString() {
            return kind + " " + endpoint.method() + " " + endpoint.path() + " [" + description + "] -> " + status
                    + " " + contentType + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }
    }

    private final URI base;
    private final Random random;
    private final Supplier<Map<String, String>> extraHeaders;

    /** {@code extraHeaders}: added to every request (e.g. a fresh X-Forwarded-For so throttles do not mask it). */
    public RestFuzz(URI base, Random random, Supplier<Map<String, String>> extraHeaders) {
        this.base = base;
        this.random = random;
        this.extraHeaders = extraHeaders;
    }

    /** Sends {@code count} mutated requests: every kind on every endpoint once, then random ones. */
    public List<Outcome> run(List<Endpoint> endpoints, int count) throws Exception {
        List<Outcome> outcomes = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            for (Kind kind : Kind.values()) {
                if (applies(kind, endpoint)) {
                    outcomes.add(send(endpoint, kind));
                }
            }
        }
        while (outcomes.size() < count) {
            Endpoint endpoint = endpoints.get(random.nextInt(endpoints.size()));
            Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
            if (applies(kind, endpoint)) {
                outcomes.add(send(endpoint, kind));
            }
        }
        return outcomes;
    }

    private static boolean applies(Kind kind, Endpoint endpoint) {
        return switch (kind) {
            case PATH_PARAM -> !endpoint.pathSamples().isEmpty();
            case QUERY, VALID -> true;
            case BAD_JSON, WRONG_TYPE, BAD_STRING, EXOTIC_NUMBER, STRUCTURE, CONTENT_TYPE -> endpoint.body() != null;
        };
    }

    private Outcome send(Endpoint endpoint, Kind kind) throws Exception {
        Map<String, String> params = new LinkedHashMap<>(endpoint.pathSamples());
        String query = "";
        String contentType = endpoint.body() == null ? null : "application/json";
        Object body = endpoint.body() == null ? null : deepCopy(endpoint.body());
        String raw = null;
        String description;
        switch (kind) {
            case PATH_PARAM -> {
                String name = pick(new ArrayList<>(params.keySet()));
                String value = pick(List.of("%00", "a%00b", "x".repeat(5000), "%F0%9F%92%A3", "%ED%A0%80", "..%2F..",
                        "%25", "%20", "null", "-1", "1e999999999", "%E2%80%AE", "%C3%A9" .repeat(300)));
                params.put(name, value);
                description = name + "=" + abbreviate(value);
            }
            case QUERY -> {
                String name = endpoint.queryParams().isEmpty() ? "x" : pick(endpoint.queryParams());
                String value = pick(List.of("%00", "-1", "1e999999999", "99999999999999999999", "abc", "",
                        "x".repeat(3000), "%ED%A0%80", "0x10", "NaN", "requested%00"));
                query = "?" + name + "=" + value + (random.nextBoolean() ? "&" + name + "=1" : "");
                description = "query " + name + "=" + abbreviate(value);
            }
            case BAD_JSON -> {
                raw = pick(List.of("{", "[", "nul", "{\"a\":}", "{\"a\":1,}", "'single'", "{\"a\":\"\\u00\"}",
                        "[".repeat(5000) + "]".repeat(5000), "{\"a\":" + "{\"b\":".repeat(3000) + "1"
                                + "}".repeat(3001), "\u0000", "{\"a\":NaN}", "{\"a\":Infinity}", "\uFEFF{}",
                        "{\"a\":\"\udc00\"}", "{}{}", "[]", "\"text\"", "42", "null", "true"));
                description = "body " + abbreviate(raw);
            }
            case WRONG_TYPE -> {
                String field = pickLeaf(body);
                Object value = pick(List.of(12345, -1.5, true, List.of(), List.of("a", 1), Map.of(), Map.of("x", 1),
                        "text", "", "2026-13-45"));
                setLeaf(body, field, value);
                description = field + " = " + value;
            }
            case BAD_STRING -> {
                String field = pickLeaf(body);
                String value = pick(List.of("a\u0000b", "\u0000", "\ud800", "x\udc00y", "x".repeat(100_000),
                        "é".repeat(70_000), "\u0130".repeat(300), "\u202E\u0000", " ", "\t\n", "💣".repeat(200)));
                // written by hand: a JSON writer refuses unpaired surrogates, a client may still send them escaped
                setLeaf(body, field, PLACEHOLDER);
                raw = JSON.writeValueAsString(body).replace("\"" + PLACEHOLDER + "\"", jsonString(value));
                description = field + " = " + abbreviate(value);
            }
            case EXOTIC_NUMBER -> {
                String field = pickLeaf(body);
                String number = pick(List.of("1e999999999", "-1e999999999", "1e-999999999", "-0", "0.000000001",
                        "1" + "0".repeat(400), "123456789012345678901234567890123456789.123456789", "1E+2147483648",
                        "-9223372036854775809", "0.1e-5", "2147483648"));
                raw = JSON.writeValueAsString(body).replaceFirst("\"" + Pattern.quote(lastName(field))
                        + "\":(\"[^\"]*\"|[-0-9.eE+]+|true|false|null)", Matcher.quoteReplacement("\"" + lastName(field)
                        + "\":" + number));
                description = field + " = " + number;
            }
            case STRUCTURE -> {
                int choice = random.nextInt(4);
                if (choice == 0) {
                    String field = pickLeaf(body);
                    removeLeaf(body, field);
                    description = "without " + field;
                } else if (choice == 1) {
                    body = Map.of();
                    description = "empty object";
                } else if (choice == 2) {
                    raw = "";
                    description = "empty body";
                } else {
                    setLeaf(body, "unknownField" + random.nextInt(100), "surprise");
                    description = "extra field";
                }
            }
            case CONTENT_TYPE -> {
                contentType = pick(List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                        "multipart/form-data; boundary=x", "application/json; charset=latin1", "", "*/*",
                        "application/problem+json"));
                description = "Content-Type " + contentType;
            }
            default -> description = "valid shape";
        }
        String path = endpoint.path();
        Matcher m = PARAM.matcher(path);
        StringBuilder filled = new StringBuilder();
        while (m.find()) {
            String value = params.get(m.group(1));
            m.appendReplacement(filled, Matcher.quoteReplacement(value.contains("%") || value.length() > 100 ? value
                    : URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")));
        }
        m.appendTail(filled);
        byte[] bytes = raw != null ? raw.getBytes(StandardCharsets.UTF_8)
                : body == null ? null : JSON.writeValueAsBytes(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + filled.toString().substring(1) + query))
                .timeout(Duration.ofSeconds(60))
                .method(endpoint.method(), bytes == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (contentType != null && !contentType.isEmpty()) {
            request.header("Content-Type", contentType);
        }
        String token = endpoint.token() == null ? null : endpoint.token().get();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        extraHeaders.get().forEach(request::header);
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Outcome(endpoint, kind, description, response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private String pickLeaf(Object body) {
        List<String> leaves = new ArrayList<>();
        leaves(body, "", leaves);
        return leaves.isEmpty() ? "field" : pick(leaves);
    }

    @SuppressWarnings("unchecked")
    private static void leaves(Object node, String prefix, List<String> out) {
        if (node instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).forEach((k, v) -> leaves(v, prefix.isEmpty() ? k : prefix + "." + k, out));
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                leaves(list.get(i), prefix + "." + i, out);
            }
        } else {
            out.add(prefix);
        }
    }

    @SuppressWarnings("unchecked")
    private static void setLeaf(Object body, String path, Object value) {
        String[] parts = path.split("\\.");
        Object node = body;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node instanceof List<?> list ? list.get(Integer.parseInt(parts[i])) : ((Map<String, Object>) node)
                    .get(parts[i]);
        }
        String last = parts[parts.length - 1];
        if (node instanceof List<?> list) {
            ((List<Object>) list).set(Integer.parseInt(last), value);
        } else if (node instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).put(last, value);
        }
    }

    @SuppressWarnings("unchecked")
    private static void removeLeaf(Object body, String path) {
        String[] parts = path.split("\\.");
        Object node = body;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node instanceof List<?> list ? list.get(Integer.parseInt(parts[i])) : ((Map<String, Object>) node)
                    .get(parts[i]);
        }
        if (node instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).remove(parts[parts.length - 1]);
        }
    }

    private static String lastName(String path) {
        String[] parts = path.split("\\.");
        for (int i = parts.length - 1; i >= 0; i--) {
            if (!parts[i].matches("\\d+")) {
                return parts[i];
            }
        }
        return path;
    }

    @SuppressWarnings("unchecked")
    private static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> copy.put(k, deepCopy(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(deepCopy(v)));
            return copy;
        }
        return value;
    }

    /** A JSON string literal with every control character and every surrogate escaped. */
    private static String jsonString(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String abbreviate(String value) {
        String shown = value.replace("\u0000", "\\u0000");
        return shown.length() > 40 ? shown.substring(0, 40) + "…(" + value.length() + " chars)" : shown;
    }
}
