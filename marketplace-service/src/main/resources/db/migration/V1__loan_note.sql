CREATE TABLE loan_note (
    id           UUID          PRIMARY KEY,
    nft_id       VARCHAR(255)  NOT NULL UNIQUE,
    loan_id      VARCHAR(255)  NOT NULL UNIQUE,
    borrower_id  VARCHAR(255)  NOT NULL,
    owner_id     VARCHAR(255)  NOT NULL,
    principal    NUMERIC(38,8) NOT NULL CHECK (principal > 0),
    outstanding  NUMERIC(38,8) NOT NULL CHECK (outstanding >= 0 AND outstanding <= principal),
    asset        VARCHAR(16)   NOT NULL,
    status       VARCHAR(16)   NOT NULL CHECK (status IN ('held', 'listed', 'repaid')),
    price        NUMERIC(38,8) CHECK (price > 0),
    listed_at    TIMESTAMPTZ,
    created_at   TIMESTAMPTZ   NOT NULL,
    updated_at   TIMESTAMPTZ   NOT NULL,
    version      BIGINT        NOT NULL,
    CONSTRAINT loan_note_listing_ck CHECK ((status = 'listed') = (price IS NOT NULL AND listed_at IS NOT NULL)),
    CONSTRAINT loan_note_repaid_ck CHECK ((status = 'repaid') = (outstanding = 0))
);

CREATE INDEX loan_note_listed_idx ON loan_note (listed_at DESC, id) WHERE status = 'listed';
CREATE INDEX loan_note_owner_created_idx ON loan_note (owner_id, created_at DESC);

-- The repayment ledger: append-only.
CREATE TABLE repayment (
    id                UUID          PRIMARY KEY,
    note_id           UUID          NOT NULL REFERENCES loan_note (id),
    loan_id           VARCHAR(255)  NOT NULL,
    amount            NUMERIC(38,8) NOT NULL CHECK (amount > 0),
    credited_owner    VARCHAR(255)  NOT NULL,
    outstanding_after NUMERIC(38,8) NOT NULL CHECK (outstanding_after >= 0),
    recorded_at       TIMESTAMPTZ   NOT NULL
);

CREATE INDEX repayment_loan_recorded_idx ON repayment (loan_id, recorded_at);
