package com.orbitlend.kyc.auth.api;

import com.orbitlend.kit.problem.Problem;
import com.orbitlend.kyc.auth.ratelimit.ThrottledException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** 429 problem+json with a {@code Retry-After} header (whole seconds, rounded up, at least 1). */
public class ThrottledMapper {

    @ServerExceptionMapper
    public Response throttled(ThrottledException e, HttpServerRequest request) {
        long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
        return Response.status(429)
                .type(Problem.MEDIA_TYPE)
                .entity(e.toProblem().at(request.path()))
                .header(HttpHeaders.RETRY_AFTER, seconds)
                .build();
    }
}
