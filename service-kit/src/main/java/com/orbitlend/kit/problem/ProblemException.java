package com.orbitlend.kit.problem;

import java.net.URI;

/**
 * Thrown by services for an expected failure the caller must see as a problem response: its message is the
 * problem {@code detail} and is shown to the caller, so never put internals in it.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final URI type;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, Problem.BLANK);
    }

    public ProblemException(int status, String title, String detail, URI type) {
        super(detail);
        this.status = status;
        this.title = title;
        this.type = type;
    }

    /** 404: the resource does not exist, or the caller may not know that it does. */
    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not Found", detail);
    }

    /** 409: the request conflicts with the resource's current state. */
    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public URI type() {
        return type;
    }

    public Problem toProblem() {
        return new Problem(type, title, status, getMessage(), null, null);
    }
}
