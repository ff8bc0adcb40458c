package com.orbitlend.events;

/**
 * A domain event payload: the {@code data} of a {@link CloudEvent}. Each implementation is registered in
 * {@link EventType}, which names its CloudEvents type, aggregate and topic.
 */
public interface DomainEvent {

    /** Id of the aggregate this event belongs to; the Kafka record key and the CloudEvents {@code subject}. */
    String aggregateId();
}
