-- Inbox shipped by service-kit: the ids of the events a consumer has processed, written in the same
-- transaction as the consumer's own changes, so a redelivered event (publishing is at-least-once) is skipped.
CREATE TABLE processed_event (
    consumer     VARCHAR(128) NOT NULL,
    event_id     VARCHAR(128) NOT NULL,
    processed_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
CREATE INDEX processed_event_processed_at_idx ON processed_event (processed_at);
