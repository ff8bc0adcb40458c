package com.orbitlend.kyc.auth.api;

import com.orbitlend.kit.problem.Problem;
import com.orbitlend.kyc.auth.ratelimit.TooManyLoginAttemptsException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** 429 problem+json with a {@code Retry-After} header (whole seconds, rounded up). */
public class TooManyLoginAttemptsMapper {

    @ServerExceptionMapper
    public Response tooManyAttempts(TooManyLoginAttemptsException e, HttpServerRequest request) {
        long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
        return Response.status(429)
                .type(Problem.MEDIA_TYPE)
                .entity(e.toProblem().at(request.path()))
                .header(HttpHeaders.RETRY_AFTER, seconds)
                .build();
    }
}
