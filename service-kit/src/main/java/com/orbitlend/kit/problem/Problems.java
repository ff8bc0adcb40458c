package com.orbitlend.kit.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.orbitlend.kit.edge.StrictTextModule;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Pure translation of failures into {@link Problem}s; no I/O, so unit-testable. */
public final class Problems {

    private Problems() {
    }

    /** A problem with the standard reason phrase of {@code status} as title. */
    public static Problem of(int status, String detail) {
        return new Problem(null, title(status), status, detail, null, null);
    }

    public static String title(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        if (known != null) {
            return known.getReasonPhrase();
        }
        return switch (status) {
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            default -> "HTTP " + status;
        };
    }

    /** 400 listing every violated constraint by request field, sorted by field for stable output. */
    public static Problem validation(Set<? extends ConstraintViolation<?>> violations) {
        List<Problem.FieldError> errors = violations.stream()
                .map(v -> new Problem.FieldError(field(v.getPropertyPath()), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message))
                .collect(Collectors.toList());
        return new Problem(null, "Bad Request", 400, "The request is invalid; see errors.", null, errors);
    }

    /** Whether a violation concerns the method's return value, i.e. is the server's fault. */
    public static boolean isReturnValue(ConstraintViolation<?> violation) {
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    /**
     * The caller-facing name of a violated property: the JSON path inside a request body
     * ({@code create.request.collateral.amount} -> {@code collateral.amount}) or the name of a query or
     * path parameter ({@code list.size} -> {@code size}).
     */
    public static String field(Path path) {
        List<Path.Node> nodes = new ArrayList<>();
        path.forEach(nodes::add);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Path.Node node = nodes.get(i);
            boolean last = i == nodes.size() - 1;
            if (node.getKind() == ElementKind.METHOD
                    || node.getKind() == ElementKind.CROSS_PARAMETER
                    || (node.getKind() == ElementKind.PARAMETER && !last)) {
                continue;
            }
            String name = node.getName();
            if (node.getIndex() != null && !names.isEmpty()) {
                int at = names.size() - 1;
                names.set(at, names.get(at) + "[" + node.getIndex() + "]");
            }
            if (name != null && !name.startsWith("<")) {
                names.add(name);
            }
        }
        return names.isEmpty() ? "body" : String.join(".", names);
    }

    /** 400 for a body that is not JSON, or whose fields have the wrong type. */
    public static Problem unreadableJson(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = jsonPath(mapping.getPath());
            if (e instanceof StrictTextModule.InvalidTextException text) {
                return new Problem(null, "Bad Request", 400, "The request is invalid; see errors.", null,
                        List.of(new Problem.FieldError(field, text.getOriginalMessage())));
            }
            return new Problem(null, "Bad Request", 400, "The request body has a field of the wrong type.", null,
                    List.of(new Problem.FieldError(field, "has the wrong type or format")));
        }
        return of(400, "The request body is not valid JSON.");
    }

    static String jsonPath(List<JsonMappingException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? "body" : out.toString();
    }
}
