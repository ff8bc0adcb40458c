package com.orbitlend.kit.edge;

import com.orbitlend.kit.problem.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Path and query parameters get the same check as body strings ({@link InputText}): {@code %00} in a URL is a 400
 * problem naming the parameter, before any resource or database sees it. Lengths are each parameter's own
 * constraint ({@code @Size}, {@code @Pattern}, or a typed parameter such as a UUID).
 */
public class StrictTextFilter {

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> checkUri(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath(true);
        String problem = InputText.problem(path);
        if (problem != null) {
            return Optional.of(refuse("path", problem, request));
        }
        for (Map.Entry<String, List<String>> param : request.getUriInfo().getQueryParameters(true).entrySet()) {
            problem = InputText.problem(param.getKey());
            for (String value : param.getValue()) {
                problem = problem != null ? problem : InputText.problem(value);
            }
            if (problem != null) {
                return Optional.of(refuse(param.getKey(), problem, request));
            }
        }
        return Optional.empty();
    }

    private static Response refuse(String field, String problem, ContainerRequestContext request) {
        String name = InputText.problem(field) == null ? field : "query";
        Problem body = new Problem(null, "Bad Request", 400, "The request URL is invalid; see errors.",
                null, List.of(new Problem.FieldError(name, problem)));
        return Response.status(400).type(Problem.MEDIA_TYPE)
                .entity(body.at(request.getUriInfo().getRequestUri().getRawPath())).build();
    }
}
