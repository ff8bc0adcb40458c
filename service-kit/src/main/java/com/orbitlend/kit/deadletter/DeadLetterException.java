package com.orbitlend.kit.deadletter;

/** Kafka did not acknowledge a dead letter; the consumer must not acknowledge the record it concerns. */
public class DeadLetterException extends RuntimeException {

    DeadLetterException(String message, Throwable cause) {
        super(message, cause);
    }
}
