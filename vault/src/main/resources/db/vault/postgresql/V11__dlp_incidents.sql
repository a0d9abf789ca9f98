-- Every DLP hit, one row per rule and place (subject, body, attachment, unreadable parts) of a message:
-- when, who sent it (and their domain, for counts), which policy and rule, how many matches, a masked
-- sample (never the value) and what was done. message_id is the vault id the message was sealed
-- under; a message processed again after a crash records nothing twice.
CREATE TABLE dlp_incident (
    message_id    VARCHAR(64)  NOT NULL,
    rule_name     VARCHAR(100) NOT NULL,
    location      VARCHAR(16)  NOT NULL,
    occurred_at   TIMESTAMP    NOT NULL,
    sender        VARCHAR(320) NOT NULL,
    sender_domain VARCHAR(255) NOT NULL,
    policy        VARCHAR(100) NOT NULL,
    matches       INT          NOT NULL,
    sample        VARCHAR(200) NOT NULL,
    action        VARCHAR(32)  NOT NULL,
    PRIMARY KEY (message_id, rule_name, location)
);
CREATE INDEX dlp_incident_occurred ON dlp_incident (occurred_at);
