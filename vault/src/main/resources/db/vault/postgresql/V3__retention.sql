-- Who sealed the message, whether the sender was warned of its expiry, and when its key and
-- ciphertext were destroyed. A destroyed message keeps its row and deliveries (Sent Items shows
-- them as expired) but no wrapped key and no parts.
ALTER TABLE vault_message ADD COLUMN sender VARCHAR(320) NOT NULL DEFAULT '';
ALTER TABLE vault_message ADD COLUMN warned_at TIMESTAMP;
ALTER TABLE vault_message ADD COLUMN destroyed_at TIMESTAMP;
ALTER TABLE vault_message ALTER COLUMN wrapped_key DROP NOT NULL;
ALTER TABLE vault_message ALTER COLUMN master_key_id DROP NOT NULL;
CREATE INDEX vault_message_sender ON vault_message (sender);
