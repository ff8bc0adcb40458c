-- Every notification read from the notifications topic, for resume and audit.
CREATE TABLE notification (
    id              BIGSERIAL PRIMARY KEY,
    channel         VARCHAR(210) NOT NULL,
    kafka_partition INTEGER      NOT NULL,
    kafka_offset    BIGINT       NOT NULL,
    event_id        VARCHAR(100) NOT NULL,
    event           VARCHAR(100) NOT NULL,
    payload         JSONB        NOT NULL,
    occurred_at     TIMESTAMPTZ  NOT NULL,
    archived_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    -- a redelivered notification (same id) is archived once
    CONSTRAINT notification_channel_event_uk UNIQUE (channel, event_id)
);

-- resume reads a channel's rows above a cursor offset, in offset order
CREATE INDEX notification_channel_offset_idx ON notification (channel, kafka_partition, kafka_offset);

-- Next offset to archive per partition of the notifications topic, written in the same transaction as the
-- rows: everything below next_offset is in the archive (or was dead-lettered).
CREATE TABLE archive_progress (
    partition   INTEGER PRIMARY KEY,
    next_offset BIGINT  NOT NULL
);
