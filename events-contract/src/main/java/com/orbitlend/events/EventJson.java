package com.orbitlend.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.time.Instant;

/**
 * The JSON mapping of the contract: ISO-8601 instants, tolerant of unknown fields (a consumer must accept
 * fields added in a compatible change), strict on missing required ones (checked by the records).
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(strictInstantFastPath())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // amounts are money: never through a double, never rescaled
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private EventJson() {
    }

    /**
     * Instants in the strict UTC form are read by {@link IsoInstants} and everything else by the JavaTimeModule's
     * deserializer, which stays in charge of every other form and every error.
     */
    private static Module strictInstantFastPath() {
        SimpleModule module = new SimpleModule("orbitlend-instants");
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                    JsonDeserializer<?> deserializer) {
                return description.getBeanClass() == Instant.class ? new InstantFastPath(deserializer) : deserializer;
            }
        });
        return module;
    }

    /** Tries {@link IsoInstants#parseUtc} on a string token, then hands over to the general deserializer. */
    private static final class InstantFastPath extends DelegatingDeserializer {

        InstantFastPath(JsonDeserializer<?> general) {
            super(general);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> general) {
            return new InstantFastPath(general);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                Instant instant = IsoInstants.parseUtc(parser.getText());
                if (instant != null) {
                    return instant;
                }
            }
            return _delegatee.deserialize(parser, context);
        }
    }

    /** The shared mapper; thread-safe, do not reconfigure. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    /** Parses a domain-topic record value. */
    public static CloudEvent readEvent(String json) throws InvalidEventException {
        try {
            return readEvent(MAPPER.readTree(json));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new InvalidEventException("Not a valid CloudEvent: " + e.getMessage(), e);
        }
    }

    /** Reads a domain-topic record already parsed as a JSON tree (e.g. after checking its shape). */
    public static CloudEvent readEvent(JsonNode tree) throws InvalidEventException {
        try {
            CloudEvent event = tree == null ? null : MAPPER.treeToValue(tree, CloudEvent.class);
            if (event == null || event.data() == null || event.data().isNull() || event.subject() == null) {
                throw new InvalidEventException("CloudEvent without data or subject");
            }
            return event;
        } catch (JsonProcessingException | RuntimeException e) {
            throw new InvalidEventException("Not a valid CloudEvent: " + e.getMessage(), e);
        }
    }

    /** The typed payload of an event whose type is registered. */
    public static DomainEvent payload(CloudEvent event) throws InvalidEventException {
        EventType type = EventType.fromType(event.type())
                .orElseThrow(() -> new InvalidEventException("Unknown event type " + event.type()));
        try {
            DomainEvent payload = MAPPER.treeToValue(event.data(), type.payloadClass());
            if (payload == null) {
                throw new InvalidEventException("Empty payload for " + event.type());
            }
            return payload;
        } catch (JsonProcessingException | RuntimeException e) {
            throw new InvalidEventException("Invalid payload for " + event.type() + ": " + e.getMessage(), e);
        }
    }
}
