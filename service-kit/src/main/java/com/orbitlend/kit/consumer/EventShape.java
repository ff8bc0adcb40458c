package com.orbitlend.kit.consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.orbitlend.events.CloudEvent;
import com.orbitlend.events.DomainEvent;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.EventType;
import com.orbitlend.events.InvalidEventException;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads a domain-topic record value strictly: like {@link EventJson#readEvent} and {@link EventJson#payload}, but
 * every attribute and payload field must have its JSON type. The shared mapper is lenient (it turns the number
 * {@code 1e10000} into the id {@code "1e10000"}, a number into a time, a string into an amount); a consumer must
 * not apply what another producer wrote with the wrong types. Parsing is bounded by Jackson's stream limits
 * (nesting depth 1000, number length 1000, string length 20M), so deep nesting or huge numbers fail here as
 * invalid records, never as a stack overflow or a runaway computation.
 */
public final class EventShape {

    private static final String[] TEXT_ATTRIBUTES = { "specversion", "id", "source", "type", "subject", "time",
            "datacontenttype" };

    private EventShape() {
    }

    /**
     * The CloudEvent of {@code json}.
     *
     * @throws InvalidEventException if it is no JSON object, an attribute is no string, or data is no object
     */
    public static CloudEvent read(String json) throws InvalidEventException {
        JsonNode tree;
        try {
            tree = EventJson.mapper().readTree(json);
        } catch (JsonProcessingException | RuntimeException | StackOverflowError e) {
            throw new InvalidEventException("Not a valid CloudEvent: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidEventException("Not a valid CloudEvent: not a JSON object");
        }
        for (String attribute : TEXT_ATTRIBUTES) {
            JsonNode value = tree.get(attribute);
            if (value != null && !value.isNull() && !value.isTextual()) {
                throw new InvalidEventException("Not a valid CloudEvent: " + attribute + " must be a JSON string");
            }
        }
        JsonNode data = tree.get("data");
        if (data != null && !data.isNull() && !data.isObject()) {
            throw new InvalidEventException("Not a valid CloudEvent: data must be a JSON object");
        }
        return EventJson.readEvent(tree);
    }

    /**
     * The typed payload of {@code event}, whose type is registered and whose data fields have their JSON types:
     * strings for texts and times, numbers for amounts, objects for nested records.
     *
     * @throws InvalidEventException if the type is unknown or the payload invalid
     */
    public static DomainEvent payload(CloudEvent event) throws InvalidEventException {
        EventType type = EventType.fromType(event.type())
                .orElseThrow(() -> new InvalidEventException("Unknown event type " + event.type()));
        String problem = shapeProblem(event.data(), type.payloadClass(), "");
        if (problem != null) {
            throw new InvalidEventException("Invalid payload for " + event.type() + ": " + problem);
        }
        return EventJson.payload(event);
    }

    /** What is wrong with the JSON types of {@code node} as a {@code recordClass}, or null if nothing. */
    static String shapeProblem(JsonNode node, Class<?> recordClass, String path) {
        if (!node.isObject()) {
            return (path.isEmpty() ? "data" : path) + " must be a JSON object";
        }
        RecordComponent[] components = recordClass.getRecordComponents();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            for (RecordComponent component : components) {
                if (!component.getName().equals(field.getKey())) {
                    continue;
                }
                Class<?> type = component.getType();
                String name = path + component.getName();
                if ((type == String.class || type == Instant.class) && !value.isTextual()) {
                    return name + " must be a JSON string";
                }
                if (type == BigDecimal.class && !value.isNumber()) {
                    return name + " must be a JSON number";
                }
                if (type.isRecord()) {
                    String nested = shapeProblem(value, type, name + ".");
                    if (nested != null) {
                        return nested;
                    }
                }
            }
        }
        return null;
    }
}
