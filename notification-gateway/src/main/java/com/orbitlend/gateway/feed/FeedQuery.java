package com.orbitlend.gateway.feed;

import com.orbitlend.kit.problem.ProblemException;

import java.util.Optional;

/**
 * The query of {@code GET /api/notifications}: {@code limit} (1..200, default 50) and {@code before} (a
 * notification id of a previous page). Parsed here rather than by JAX-RS, which answers an unconvertible query
 * parameter with 404.
 */
record FeedQuery(int limit, Optional<String> before) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    static FeedQuery parse(String limit, String before) {
        int n = DEFAULT_LIMIT;
        if (limit != null) {
            try {
                n = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                throw badRequest("limit must be a whole number from 1 to " + MAX_LIMIT + ".");
            }
            if (n < 1 || n > MAX_LIMIT) {
                throw badRequest("limit must be a whole number from 1 to " + MAX_LIMIT + ".");
            }
        }
        if (before != null && !MarkReadRequest.validId(before)) {
            throw badRequest("before must be a notification id (1 to " + MarkReadRequest.MAX_ID_LENGTH
                    + " characters).");
        }
        return new FeedQuery(n, Optional.ofNullable(before));
    }

    static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Bad Request", detail);
    }
}
