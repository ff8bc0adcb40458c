package com.orbitlend.kit.outbox;

/** Kafka did not acknowledge a send of the batch; the batch stays pending. */
public class OutboxPublishException extends RuntimeException {

    OutboxPublishException(Throwable cause) {
        super(cause == null ? "Kafka send failed" : cause.getClass().getSimpleName() + ": " + cause.getMessage(),
                cause);
    }
}
