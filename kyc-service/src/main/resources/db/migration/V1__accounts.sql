-- Customer accounts. Usernames are unique (also what makes the initial-admin creation idempotent).
CREATE TABLE account (
    id            UUID         PRIMARY KEY,
    username      VARCHAR(64)  NOT NULL UNIQUE,
    password_hash VARCHAR(255) NOT NULL,
    display_name  VARCHAR(100),
    role          VARCHAR(16)  NOT NULL CHECK (role IN ('user', 'admin')),
    created_at    TIMESTAMPTZ  NOT NULL,
    version       BIGINT       NOT NULL
);

-- Refresh tokens, stored only as SHA-256 hashes. One family per login; each refresh rotates to a new row of the
-- family, and presenting a rotated token again revokes the whole family.
CREATE TABLE refresh_token (
    id          UUID        PRIMARY KEY,
    family_id   UUID        NOT NULL,
    account_id  UUID        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    token_hash  CHAR(64)    NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    rotated_at  TIMESTAMPTZ,
    revoked_at  TIMESTAMPTZ
);
CREATE INDEX refresh_token_family_idx ON refresh_token (family_id);
CREATE INDEX refresh_token_expires_idx ON refresh_token (expires_at);

-- Failed (or in-flight) login attempts, shared by all instances; counted per username and per client IP over a
-- sliding window, deleted by a scheduled clean-up once older than the window.
CREATE TABLE login_failure (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username  VARCHAR(64) NOT NULL,
    client_ip VARCHAR(64) NOT NULL,
    failed_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failure_username_idx ON login_failure (username, failed_at);
CREATE INDEX login_failure_client_ip_idx ON login_failure (client_ip, failed_at);
CREATE INDEX login_failure_failed_at_idx ON login_failure (failed_at);
