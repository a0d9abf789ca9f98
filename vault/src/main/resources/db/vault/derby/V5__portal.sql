-- Portal: recipients' accounts (registered from a VIEW MESSAGE link; internal senders sign in
-- with their James password and have no row here), sign-in throttling for every address, and
-- sessions shared by all portal nodes. Addresses are stored in lower case. Passwords are Argon2id
-- hashes (PHC string); session ids are stored as SHA-256 hashes only.
CREATE TABLE portal_account (
    address        VARCHAR(320) NOT NULL PRIMARY KEY,
    first_name     VARCHAR(100) NOT NULL,
    last_name      VARCHAR(100) NOT NULL,
    password_hash  VARCHAR(255) NOT NULL,
    hint           VARCHAR(255) NOT NULL,
    created_at     TIMESTAMP    NOT NULL,
    last_active_at TIMESTAMP    NOT NULL
);

CREATE TABLE portal_throttle (
    address      VARCHAR(320) NOT NULL PRIMARY KEY,
    failures     INT          NOT NULL,
    locked_until TIMESTAMP    NOT NULL
);

CREATE TABLE portal_session (
    id_hash      VARCHAR(64)  NOT NULL PRIMARY KEY,
    principal    VARCHAR(320),
    kind         VARCHAR(16),
    csrf         VARCHAR(64)  NOT NULL,
    pending      VARCHAR(64),
    created_at   TIMESTAMP    NOT NULL,
    last_seen_at TIMESTAMP    NOT NULL
);
CREATE INDEX portal_session_principal ON portal_session (principal);
CREATE INDEX portal_session_seen ON portal_session (last_seen_at);
