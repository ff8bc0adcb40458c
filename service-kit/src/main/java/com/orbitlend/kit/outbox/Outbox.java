package com.orbitlend.kit.outbox;

import com.orbitlend.events.CloudEvent;
import com.orbitlend.events.DomainEvent;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Records domain events in the outbox table, inside the caller's transaction: the event is committed if and
 * only if the business change is. Never talks to Kafka; {@link OutboxRelay} publishes committed rows.
 */
@ApplicationScoped
public class Outbox {

    private final EntityManager em;
    private final OutboxConfig config;

    Outbox(EntityManager em, OutboxConfig config) {
        this.em = em;
        this.config = config;
    }

    /**
     * Wraps {@code payload} in a CloudEvent with this service's source and stores it for publishing to the
     * topic of its {@link EventType}, keyed by its aggregate id.
     *
     * @return the envelope as it will be published
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public CloudEvent record(DomainEvent payload) {
        EventType type = EventType.of(payload);
        Instant now = databaseNow();
        CloudEvent event = CloudEvent.wrap(config.source(), payload, now);
        em.persist(new OutboxEvent(UUID.fromString(event.id()), type.aggregateType(), payload.aggregateId(),
                type.type(), type.topic(), EventJson.write(event), now));
        return event;
    }

    /**
     * The event time comes from the database, not this instance's clock: with several instances of a service,
     * one aggregate's events are then stamped by one clock, in commit order, and consumers may compare times.
     */
    private Instant databaseNow() {
        return ((OffsetDateTime) em.createNativeQuery("SELECT clock_timestamp()", OffsetDateTime.class)
                .getSingleResult()).toInstant();
    }
}
