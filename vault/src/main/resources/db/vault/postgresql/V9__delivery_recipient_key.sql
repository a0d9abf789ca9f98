-- A recipient's deliveries are looked up whatever the case of their address (their inbox on the
-- portal, a reply to the notifier address): a condition on LOWER(recipient) can use no index and
-- read every delivery, so the lower-case address is kept beside it, indexed.
ALTER TABLE vault_delivery ADD COLUMN recipient_key VARCHAR(320);
UPDATE vault_delivery SET recipient_key = LOWER(recipient);
ALTER TABLE vault_delivery ALTER COLUMN recipient_key SET NOT NULL;
DROP INDEX vault_delivery_recipient;
CREATE INDEX vault_delivery_recipient_key ON vault_delivery (recipient_key);
