-- Password resets: a single-use, time-limited link mailed to a registered address. Only the
-- SHA-256 of the link's token is stored.
CREATE TABLE portal_reset (
    token_hash VARCHAR(64)  NOT NULL PRIMARY KEY,
    address    VARCHAR(320) NOT NULL,
    created_at TIMESTAMP    NOT NULL,
    expires_at TIMESTAMP    NOT NULL,
    used_at    TIMESTAMP
);
CREATE INDEX portal_reset_address ON portal_reset (address);
