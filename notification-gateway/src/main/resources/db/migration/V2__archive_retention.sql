-- Lowest offset per partition the archive still holds everything from: the retention prune deletes old rows
-- and moves it past them in the same transaction, so a cursor below it cannot be replayed ("expired").
ALTER TABLE archive_progress ADD COLUMN retained_from BIGINT NOT NULL DEFAULT 0;

-- the prune deletes the oldest rows first, in batches
CREATE INDEX notification_archived_at_idx ON notification (archived_at);
