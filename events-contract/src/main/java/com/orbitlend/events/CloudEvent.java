package com.orbitlend.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvents 1.0 envelope in structured JSON mode, as written to every domain topic.
 *
 * @param specversion always {@code 1.0}
 * @param id unique per event; consumers deduplicate by it (publishing is at-least-once)
 * @param source the producing service, e.g. {@code /orbitlend/loan-service}
 * @param type a registered {@link EventType#type()}
 * @param subject the aggregate id (also the record key)
 * @param time when the change was committed
 * @param datacontenttype always {@code application/json}
 * @param data the payload, one of the {@link DomainEvent} records
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudEvent(String specversion, String id, String source, String type, String subject, Instant time,
        String datacontenttype, JsonNode data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String JSON = "application/json";

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
    }

    /** Wraps a payload in a new envelope with a fresh id. */
    public static CloudEvent wrap(String source, DomainEvent payload, Instant time) {
        return new CloudEvent(SPEC_VERSION, UUID.randomUUID().toString(), source, EventType.of(payload).type(),
                payload.aggregateId(), time, JSON, EventJson.mapper().valueToTree(payload));
    }
}
