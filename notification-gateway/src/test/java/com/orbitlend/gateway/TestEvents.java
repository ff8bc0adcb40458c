package com.orbitlend.gateway;

import com.orbitlend.events.CloudEvent;
import com.orbitlend.events.DomainEvent;
import com.orbitlend.events.EventJson;
import com.orbitlend.events.Topics;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Publishes domain events as loan-service does: structured CloudEvents keyed by aggregate id. */
public final class TestEvents {

    private TestEvents() {
    }

    public static CloudEvent publish(DomainEvent payload) {
        CloudEvent event = CloudEvent.wrap("/orbitlend/loan-service", payload, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        publish(event);
        return event;
    }

    public static void publish(CloudEvent event) {
        TestKafka.produce(Topics.LOAN_EVENTS, event.subject(), EventJson.write(event));
    }
}
