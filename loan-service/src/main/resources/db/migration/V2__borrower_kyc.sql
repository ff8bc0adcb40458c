-- loan-service's own projection of each borrower's KYC status, built from orbitlend.kyc.events (kyc-service
-- owns KYC). No row: the borrower never submitted KYC (or its events have not arrived yet).
CREATE TABLE borrower_kyc (
    user_id         VARCHAR(255) PRIMARY KEY,
    status          VARCHAR(16)  NOT NULL CHECK (status IN ('submitted', 'approved', 'rejected')),
    kyc_id          VARCHAR(255) NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL,
    -- CloudEvents time of the event applied last: an older event replayed later is ignored
    last_event_time TIMESTAMPTZ  NOT NULL
);
