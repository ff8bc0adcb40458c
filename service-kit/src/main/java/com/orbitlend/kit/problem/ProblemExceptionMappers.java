package com.orbitlend.kit.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.UUID;

/**
 * Turns every failure of a REST call into an RFC 9457 {@code application/problem+json} response. For 401 and
 * 403 to reach these mappers the service must set {@code quarkus.http.auth.proactive=false}.
 */
public class ProblemExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMappers.class);
    private static final String BEARER_CHALLENGE = "Bearer";

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpServerRequest request) {
        return respond(e.toProblem(), request);
    }

    @ServerExceptionMapper
    public Response violation(ResteasyReactiveViolationException e, HttpServerRequest request) {
        return constraintViolation(e, request);
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, HttpServerRequest request) {
        if (e.getConstraintViolations().stream().anyMatch(Problems::isReturnValue)) {
            return unexpected(e, request);
        }
        return respond(Problems.validation(e.getConstraintViolations()), request);
    }

    /** Also names the Jackson subclasses that Quarkus REST maps itself, so this mapper wins for them. */
    @ServerExceptionMapper({ JsonProcessingException.class, JsonParseException.class,
            MismatchedInputException.class, InvalidFormatException.class })
    public Response json(JsonProcessingException e, HttpServerRequest request) {
        return respond(Problems.unreadableJson(e), request);
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class })
    public Response unauthorized(RuntimeException e, HttpServerRequest request) {
        boolean tokenSent = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
        String detail = tokenSent ? "The bearer token is invalid or expired." : "A bearer token is required.";
        return Response.fromResponse(respond(Problems.of(401, detail), request))
                .header(HttpHeaders.WWW_AUTHENTICATE,
                        tokenSent ? BEARER_CHALLENGE + " error=\"invalid_token\"" : BEARER_CHALLENGE)
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpServerRequest request) {
        return respond(Problems.of(403, "Your role does not allow this operation."), request);
    }

    @ServerExceptionMapper({ OptimisticLockException.class, StaleStateException.class })
    public Response concurrentChange(RuntimeException e, HttpServerRequest request) {
        return respond(Problems.of(409, "The resource was changed concurrently; reload it and retry."), request);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, HttpServerRequest request) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json, request);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, request);
        }
        String detail = switch (status) {
            case 404 -> "Nothing found at " + request.path() + ".";
            case 405 -> request.method() + " is not allowed on " + request.path() + ".";
            case 401 -> "A bearer token is required.";
            default -> e.getMessage();
        };
        Response response = respond(Problems.of(status, detail), request);
        if (status == 401) {
            return Response.fromResponse(response).header(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE).build();
        }
        if (status == 405 && e.getResponse().getHeaderString(HttpHeaders.ALLOW) != null) {
            return Response.fromResponse(response)
                    .header(HttpHeaders.ALLOW, e.getResponse().getHeaderString(HttpHeaders.ALLOW)).build();
        }
        return response;
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof OptimisticLockException || cause instanceof StaleStateException) {
                return concurrentChange((RuntimeException) cause, request);
            }
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error on %s %s (incident %s)", request.method(), request.path(), incident);
        return respond(Problems.of(500, "An unexpected error occurred; incident " + incident + "."), request);
    }

    private static Response respond(Problem problem, HttpServerRequest request) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem.at(request.path()))
                .build();
    }
}
