package com.orbitlend.events;

/**
 * Header names of a record on {@link Topics#NOTIFICATIONS_DLQ}: where it came from and why it was given up on
 * (the names SmallRye's dead-letter-queue strategy uses). The record's key and value are unchanged.
 */
public final class DeadLetterHeaders {

    /** Why the record could not be processed. */
    public static final String REASON = "dead-letter-reason";
    /** Topic the record was read from. */
    public static final String TOPIC = "dead-letter-topic";
    /** Partition the record was read from, in decimal. */
    public static final String PARTITION = "dead-letter-partition";
    /** Offset of the record in that partition, in decimal. */
    public static final String OFFSET = "dead-letter-offset";
    /** Consumer (group) that gave up on the record. */
    public static final String CONSUMER = "dead-letter-consumer";

    private DeadLetterHeaders() {
    }
}
