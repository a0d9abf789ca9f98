-- Compliance officers' second factor (TOTP, RFC 6238) and their one-time recovery codes.
-- The secret is sealed under a master key (as password hints are); last_step is the last time
-- step whose code was accepted, so a code is never accepted twice, on any node. confirmed_at is
-- empty while an enrolment waits for its first code. Recovery codes are stored as SHA-256
-- hashes of 80-bit random codes; used_at marks one spent.
CREATE TABLE officer_factor (
    address      VARCHAR(320)  NOT NULL PRIMARY KEY,
    secret       VARCHAR(512)  NOT NULL,
    created_at   TIMESTAMP     NOT NULL,
    confirmed_at TIMESTAMP,
    last_step    BIGINT        NOT NULL
);

CREATE TABLE officer_recovery (
    address   VARCHAR(320) NOT NULL,
    code_hash CHAR(64)     NOT NULL,
    used_at   TIMESTAMP,
    PRIMARY KEY (address, code_hash)
);

-- The officer's console reads the audit trail by time and by the message or delivery a record is about.
CREATE INDEX vault_audit_occurred ON vault_audit (occurred_at);
CREATE INDEX vault_audit_subject ON vault_audit (subject_id);
