-- A sealed message: its data key, wrapped by a master key (named by master_key_id), and when it expires.
CREATE TABLE vault_message (
    id            VARCHAR(64)                 NOT NULL PRIMARY KEY,
    master_key_id VARCHAR(64)                 NOT NULL,
    wrapped_key   BYTEA                       NOT NULL,
    sealed_at     TIMESTAMP                   NOT NULL,
    expires_at    TIMESTAMP                   NOT NULL
);
CREATE INDEX vault_message_master_key ON vault_message (master_key_id);
CREATE INDEX vault_message_expires ON vault_message (expires_at);

-- Its parts (body, attachments, encrypted metadata), sealed with the segmented stream and stored
-- in chunks of at most 1 MiB so that no database driver holds a whole part in memory.
CREATE TABLE vault_part (
    message_id  VARCHAR(64)  NOT NULL,
    part_id     VARCHAR(64)  NOT NULL,
    sealed_size BIGINT       NOT NULL,
    chunks      INT          NOT NULL,
    PRIMARY KEY (message_id, part_id),
    FOREIGN KEY (message_id) REFERENCES vault_message (id) ON DELETE CASCADE
);

CREATE TABLE vault_part_chunk (
    message_id VARCHAR(64) NOT NULL,
    part_id    VARCHAR(64) NOT NULL,
    seq        INT         NOT NULL,
    data       BYTEA       NOT NULL,
    PRIMARY KEY (message_id, part_id, seq),
    FOREIGN KEY (message_id, part_id) REFERENCES vault_part (message_id, part_id) ON DELETE CASCADE
);
