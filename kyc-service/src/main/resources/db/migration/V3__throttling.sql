-- Login throttling by (username, client address) and by client address, no longer by username alone (which let
-- anyone lock any account out). Old rows carried raw usernames per IP and are simply dropped: at worst a pending
-- delay is forgotten.
DROP TABLE login_failure;

-- Failed (or in-flight) logins. pair_key = SHA-256 (hex) of the case-folded username and the client address, so
-- no username is stored here and no length of one can overflow a column. client_address = an IPv4 address or an
-- IPv6 /64 ("2001:db8:1:2:0:0:0:0/64"). Deleted once older than the window.
CREATE TABLE login_failure (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pair_key       CHAR(64)    NOT NULL,
    client_address VARCHAR(64) NOT NULL,
    failed_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failure_pair_idx ON login_failure (pair_key, failed_at);
CREATE INDEX login_failure_address_idx ON login_failure (client_address, failed_at);
CREATE INDEX login_failure_failed_at_idx ON login_failure (failed_at);

-- Registrations that passed validation (each costs a password hash), per client address and overall.
CREATE TABLE registration_attempt (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_address VARCHAR(64) NOT NULL,
    attempted_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX registration_attempt_address_idx ON registration_attempt (client_address, attempted_at);
CREATE INDEX registration_attempt_at_idx ON registration_attempt (attempted_at);
