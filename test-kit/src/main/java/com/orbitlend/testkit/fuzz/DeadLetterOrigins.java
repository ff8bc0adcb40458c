package com.orbitlend.testkit.fuzz;

import com.orbitlend.events.DeadLetterHeaders;
import com.orbitlend.events.Topics;
import com.orbitlend.testkit.kafka.TestTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.Collection;
import java.util.List;

import static com.orbitlend.testkit.kafka.TestTopics.header;

/**
 * Matches records produced to a topic with their dead letters on {@link Topics#NOTIFICATIONS_DLQ}, by position
 * ({@code partition@offset}) within that topic.
 */
public final class DeadLetterOrigins {

    private DeadLetterOrigins() {
    }

    /** Where a produced record landed, as {@code partition@offset}. */
    public static String position(RecordMetadata at) {
        return position(String.valueOf(at.partition()), String.valueOf(at.offset()));
    }

    /** The position of the record a dead letter came from, as {@code partition@offset}. */
    public static String origin(ConsumerRecord<String, String> deadLetter) {
        return position(header(deadLetter, DeadLetterHeaders.PARTITION), header(deadLetter, DeadLetterHeaders.OFFSET));
    }

    /**
     * Waits until as many dead letters of records of {@code topic} at {@code positions} arrived as there are
     * positions; returns them (more if some record was dead-lettered twice).
     */
    public static List<ConsumerRecord<String, String>> awaitFrom(String topic, Collection<String> positions) {
        return TestTopics.awaitRecords(Topics.NOTIFICATIONS_DLQ,
                r -> topic.equals(header(r, DeadLetterHeaders.TOPIC)) && positions.contains(origin(r)),
                positions.size());
    }

    /** The origins of every dead letter so far of a record of {@code topic}. */
    public static List<String> originsFrom(String topic) {
        return TestTopics.readAll(Topics.NOTIFICATIONS_DLQ).stream()
                .filter(r -> topic.equals(header(r, DeadLetterHeaders.TOPIC)))
                .map(DeadLetterOrigins::origin).toList();
    }

    private static String position(String partition, String offset) {
        return partition + "@" + offset;
    }
}
