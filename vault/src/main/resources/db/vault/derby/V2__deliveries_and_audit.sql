-- One delivery per external recipient of a sealed message, found by the hash of its link token
-- (the token itself is never stored).
CREATE TABLE vault_delivery (
    id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    message_id  VARCHAR(64)  NOT NULL,
    recipient   VARCHAR(320) NOT NULL,
    token_hash  CHAR(64)     NOT NULL,
    created_at  TIMESTAMP    NOT NULL,
    FOREIGN KEY (message_id) REFERENCES vault_message (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX vault_delivery_token ON vault_delivery (token_hash);
-- Derby indexes the foreign key on message_id by itself.
CREATE INDEX vault_delivery_recipient ON vault_delivery (recipient);

-- What happened to a delivery, in order: notified, undeliverable, retrieved, replied, recalled, expired.
CREATE TABLE vault_delivery_event (
    delivery_id VARCHAR(64) NOT NULL,
    seq         INT         NOT NULL,
    status      VARCHAR(16) NOT NULL,
    occurred_at TIMESTAMP   NOT NULL,
    PRIMARY KEY (delivery_id, seq),
    FOREIGN KEY (delivery_id) REFERENCES vault_delivery (id) ON DELETE CASCADE
);

-- Append-only audit trail; each record carries the hash of the previous one. No foreign keys:
-- the trail outlives the messages it speaks of.
CREATE TABLE vault_audit (
    seq        BIGINT        NOT NULL PRIMARY KEY,
    occurred_at TIMESTAMP     NOT NULL,
    action     VARCHAR(32)   NOT NULL,
    actor      VARCHAR(320)  NOT NULL,
    subject_id VARCHAR(64),
    detail     VARCHAR(1000),
    prev_hash  CHAR(64)      NOT NULL,
    hash       CHAR(64)      NOT NULL
);
