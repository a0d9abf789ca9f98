package io.securemessenger.vault.audit;

import io.securemessenger.vault.crypto.Digests;
import io.securemessenger.vault.store.VaultException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys that authenticate audit records and checkpoints. They are kept outside the database
 * (in the master key store), so whoever can rewrite the database cannot forge a record.
 */
public interface AuditKeys {
    /** The key new records are authenticated with. */
    Key current() throws VaultException;

    /** The key with this id, if this key store holds it. */
    Optional<Key> find(String id) throws VaultException;

    /** One audit key: its id, and HMAC-SHA256 with it. */
    final class Key {
        private final String id;
        private final SecretKeySpec secret;

        public Key(String id, byte[] secret) {
            this.id = id;
            this.secret = new SecretKeySpec(secret, "HmacSHA256");
        }

        public String id() {
            return id;
        }

        /** HMAC-SHA256 of the text, in lower-case hexadecimal. */
        public String mac(String text) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(secret);
                return Digests.hex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
            }
        }
    }
}
