package com.orbitlend.kit.problem;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.List;
import java.util.Map;

/**
 * Documents the error responses every service gives through {@link ProblemExceptionMappers}: schema
 * {@code Problem} (RFC 9457) and, on each operation, the statuses it can answer with as
 * {@code application/problem+json}: 400 (invalid input or malformed JSON; operations with a body or parameters),
 * 401 and 403 (secured operations), 404 (paths with an id), 409 (state-changing operations) and 500.
 * Registered per service with {@code mp.openapi.filter=com.orbitlend.kit.problem.ProblemOpenApiFilter}.
 */
public class ProblemOpenApiFilter implements OASFilter {

    static final String SCHEMA = "Problem";
    private static final String REF = "#/components/schemas/" + SCHEMA;

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openAPI.setComponents(components);
        }
        components.addSchema(SCHEMA, problemSchema());
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            boolean hasId = path.getKey().contains("{");
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : path.getValue().getOperations().entrySet()) {
                document(entry.getValue(), entry.getKey(), hasId);
            }
        }
    }

    private static void document(Operation operation, PathItem.HttpMethod method, boolean hasId) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        boolean secured = operation.getSecurity() != null && !operation.getSecurity().isEmpty();
        boolean changes = method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD;
        boolean takesInput = operation.getRequestBody() != null
                || (operation.getParameters() != null && !operation.getParameters().isEmpty()) || hasId;
        if (takesInput) {
            add(responses, "400", "Invalid input or malformed JSON (field errors in `errors`)");
        }
        if (secured) {
            add(responses, "401", "No token, or a forged, expired or foreign one");
            add(responses, "403", "The token's role may not do this, or the caller does not own the resource");
        }
        if (hasId) {
            add(responses, "404", "Unknown (or another user's)");
        }
        if (changes) {
            add(responses, "409", "A transition the state machine forbids, or a lost race");
        }
        add(responses, "500", "Unexpected failure (no internals in the body)");
    }

    private static void add(APIResponses responses, String status, String description) {
        if (responses.hasAPIResponse(status) && responses.getAPIResponse(status).getContent() != null) {
            return;
        }
        responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(REF)))));
    }

    private static Schema problemSchema() {
        Schema string = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details")
                .required(List.of("type", "title", "status"))
                .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("uri")
                        .description("URI naming the problem kind; about:blank when the status says it all"))
                .addProperty("title", string)
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("This occurrence, safe to show to the caller"))
                .addProperty("instance", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("The request path"))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .description("Field errors of a validation problem")
                        .items(OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                                .addProperty("field", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                                .addProperty("message", OASFactory.createSchema().addType(Schema.SchemaType.STRING))));
    }
}
