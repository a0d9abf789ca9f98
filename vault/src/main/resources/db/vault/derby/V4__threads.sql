-- Threads: a reply written on the portal is sealed as a message of its own, in the thread of the
-- message it answers. thread_id is the id of the thread's first message; in_reply_to the message
-- answered (NULL for a thread's first message).
ALTER TABLE vault_message ADD COLUMN thread_id VARCHAR(64);
ALTER TABLE vault_message ADD COLUMN in_reply_to VARCHAR(64);
UPDATE vault_message SET thread_id = id;
CREATE INDEX vault_message_thread ON vault_message (thread_id);
