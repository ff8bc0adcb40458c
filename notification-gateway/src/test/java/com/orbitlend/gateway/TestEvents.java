package com.orbitlend.gateway;

import com.orbitlend.events.CloudEvent;
import com.orbitlend.events.DomainEvent;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.EventType;
import com.orbitlend.events.Topics;
import com.orbitlend.testkit.kafka.TestTopics;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Publishes domain events as the services do: structured CloudEvents keyed by aggregate id, on their topic. */
public final class TestEvents {

    private TestEvents() {
    }

    public static CloudEvent publish(DomainEvent payload) {
        CloudEvent event = CloudEvent.wrap("/orbitlend/test", payload, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        publish(event);
        return event;
    }

    /** On the topic of the event's type; an unregistered type goes to the loan topic. */
    public static void publish(CloudEvent event) {
        String topic = EventType.fromType(event.type()).map(EventType::topic).orElse(Topics.LOAN_EVENTS);
        TestTopics.produce(topic, event.subject(), EventJson.write(event));
    }
}
