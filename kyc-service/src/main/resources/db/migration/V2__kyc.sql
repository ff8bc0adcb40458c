-- KYC submissions. Personal details live only here, never in events or logs.
CREATE TABLE kyc_submission (
    id               UUID         PRIMARY KEY,
    user_id          VARCHAR(255) NOT NULL,
    full_name        VARCHAR(200) NOT NULL,
    date_of_birth    DATE         NOT NULL,
    country          CHAR(2)      NOT NULL,
    status           VARCHAR(16)  NOT NULL CHECK (status IN ('submitted', 'approved', 'rejected')),
    rejection_reason VARCHAR(500),
    decided_by       VARCHAR(255),
    submitted_at     TIMESTAMPTZ  NOT NULL,
    decided_at       TIMESTAMPTZ,
    version          BIGINT       NOT NULL
);
-- A user has at most one open (submitted) or approved submission: resubmission only after a rejection.
CREATE UNIQUE INDEX kyc_submission_one_active_idx ON kyc_submission (user_id) WHERE status <> 'rejected';
CREATE INDEX kyc_submission_user_idx ON kyc_submission (user_id, submitted_at DESC);
CREATE INDEX kyc_submission_status_idx ON kyc_submission (status, submitted_at DESC);

CREATE TABLE kyc_document (
    kyc_id    UUID         NOT NULL REFERENCES kyc_submission (id) ON DELETE CASCADE,
    position  INTEGER      NOT NULL,
    type      VARCHAR(32)  NOT NULL
              CHECK (type IN ('passport', 'id_card', 'driving_licence', 'proof_of_address')),
    reference VARCHAR(200) NOT NULL,
    PRIMARY KEY (kyc_id, position)
);
