package com.orbitlend.kit.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem details body ({@code application/problem+json}).
 *
 * @param type a URI naming the problem kind; {@code about:blank} when the status says it all
 * @param title short, human-readable summary of the problem kind
 * @param status the HTTP status code
 * @param detail explanation of this occurrence, safe to show to the caller
 * @param instance the request path the problem occurred on
 * @param errors field errors of a validation problem (absent otherwise)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(URI type, String title, int status, String detail, String instance,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final URI BLANK = URI.create("about:blank");

    public Problem {
        type = type == null ? BLANK : type;
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** One invalid field: its JSON path in the request (e.g. {@code collateral.amount}) and why. */
    public record FieldError(String field, String message) {
    }

    /** This problem, reported on {@code path}. */
    public Problem at(String path) {
        return new Problem(type, title, status, detail, path, errors);
    }
}
