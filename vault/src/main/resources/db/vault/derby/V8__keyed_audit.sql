-- Audit records carry the id of the audit key their HMAC is under (records from before keys: none).
ALTER TABLE vault_audit ADD COLUMN mac_key VARCHAR(32);
