-- Read state of the notification centre (feed/), per user: a role notification read by one admin stays unread
-- for the others. Two parts, so that "mark all read" writes one row per channel, not one per notification:

-- 1. "Everything of this channel up to this offset is read": a channel lives in one partition and the archiver
--    archives a partition in offset order, so a notification archived later always lies above the mark.
CREATE TABLE notification_read_mark (
    user_id         VARCHAR(200) NOT NULL,
    channel         VARCHAR(210) NOT NULL,
    kafka_partition INTEGER      NOT NULL,
    up_to_offset    BIGINT       NOT NULL,
    marked_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, channel)
);

-- 2. Single notifications marked read above the mark; pruned with the notification they name.
CREATE TABLE notification_read (
    user_id         VARCHAR(200) NOT NULL,
    notification_id BIGINT       NOT NULL REFERENCES notification (id) ON DELETE CASCADE,
    read_at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, notification_id)
);

-- the cascade from the retention prune finds the marks of a deleted notification
CREATE INDEX notification_read_notification_idx ON notification_read (notification_id);

-- the centre lists a user's channels newest first (archive order) a page at a time
CREATE INDEX notification_channel_id_idx ON notification (channel, id);
