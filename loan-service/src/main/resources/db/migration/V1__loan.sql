CREATE TABLE loan (
    id                UUID          PRIMARY KEY,
    user_id           VARCHAR(255)  NOT NULL,
    amount            NUMERIC(38,8) NOT NULL CHECK (amount > 0),
    asset             VARCHAR(16)   NOT NULL,
    purpose           VARCHAR(500)  NOT NULL,
    collateral_asset  VARCHAR(16)   NOT NULL,
    collateral_amount NUMERIC(38,8) NOT NULL CHECK (collateral_amount > 0),
    status            VARCHAR(16)   NOT NULL CHECK (status IN ('requested', 'approved', 'rejected', 'funded')),
    rejection_reason  VARCHAR(500),
    tx_hash           VARCHAR(66),
    nft_id            VARCHAR(255),
    decided_by        VARCHAR(255),
    created_at        TIMESTAMPTZ   NOT NULL,
    updated_at        TIMESTAMPTZ   NOT NULL,
    version           BIGINT        NOT NULL
);

CREATE INDEX loan_user_created_idx ON loan (user_id, created_at DESC);
CREATE INDEX loan_status_created_idx ON loan (status, created_at DESC);
