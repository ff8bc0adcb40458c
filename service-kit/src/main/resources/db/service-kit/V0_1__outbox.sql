-- Transactional outbox shipped by service-kit. Business code inserts rows in its own transaction;
-- OutboxRelay publishes pending rows to Kafka in id order and stamps published_at.
CREATE TABLE outbox_event (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id       UUID         NOT NULL UNIQUE,
    aggregate_type VARCHAR(64)  NOT NULL,
    aggregate_id   VARCHAR(128) NOT NULL,
    event_type     VARCHAR(128) NOT NULL,
    topic          VARCHAR(249) NOT NULL,
    payload        TEXT         NOT NULL,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    published_at   TIMESTAMPTZ,
    attempts       INTEGER      NOT NULL DEFAULT 0,
    last_error     TEXT
);

-- The relay's query: pending rows in id order. Partial, so it stays small however many rows were published.
CREATE INDEX outbox_event_pending_idx ON outbox_event (id) WHERE published_at IS NULL;
-- The retention clean-up of published rows.
CREATE INDEX outbox_event_published_at_idx ON outbox_event (published_at) WHERE published_at IS NOT NULL;
