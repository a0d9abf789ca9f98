-- A recipient's deliveries (their inbox on the portal, a reply to the notifier address) and a
-- sender's messages (Sent Items) are looked up whatever the case of the address: a condition on
-- LOWER(recipient) or LOWER(sender) can use no index and reads every row, so the lower-case
-- address is kept beside it, indexed.
ALTER TABLE vault_delivery ADD COLUMN recipient_key VARCHAR(320);
UPDATE vault_delivery SET recipient_key = LOWER(recipient);
ALTER TABLE vault_delivery ALTER COLUMN recipient_key SET NOT NULL;
DROP INDEX vault_delivery_recipient;
CREATE INDEX vault_delivery_recipient_key ON vault_delivery (recipient_key);

ALTER TABLE vault_message ADD COLUMN sender_key VARCHAR(320);
UPDATE vault_message SET sender_key = LOWER(sender);
ALTER TABLE vault_message ALTER COLUMN sender_key SET NOT NULL;
DROP INDEX vault_message_sender;
CREATE INDEX vault_message_sender_key ON vault_message (sender_key);
