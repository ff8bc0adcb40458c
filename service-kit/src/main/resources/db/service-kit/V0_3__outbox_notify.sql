-- Wakes the outbox relay when rows are committed: every statement inserting into outbox_event queues a
-- notification on channel orbitlend_outbox. PostgreSQL delivers notifications only when the inserting
-- transaction commits (never for a rolled-back one) and folds identical ones of one transaction into one, so a
-- business transaction recording several events wakes the relay once, right after its commit.
-- OutboxWakeListener LISTENs on a dedicated connection; the relay's poll stays as the fallback.
CREATE FUNCTION outbox_event_notify() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('orbitlend_outbox', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER outbox_event_notify
    AFTER INSERT ON outbox_event
    FOR EACH STATEMENT
    EXECUTE FUNCTION outbox_event_notify();
