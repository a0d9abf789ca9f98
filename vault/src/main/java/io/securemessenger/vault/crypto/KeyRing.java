package io.securemessenger.vault.crypto;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.crypto.SecretKey;

/**
 * Master keys by id, one of them primary. New data keys are wrapped with the primary; a wrapped
 * key names the master key it was wrapped with, so older keys keep opening older messages until
 * they are re-wrapped. Immutable.
 */
public final class KeyRing {
    private final Map<String, SecretKey> keys;
    private final String primaryId;

    private KeyRing(Map<String, SecretKey> keys, String primaryId) {
        this.keys = keys;
        this.primaryId = primaryId;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String primaryId() {
        return primaryId;
    }

    public Set<String> ids() {
        return keys.keySet();
    }

    SecretKey primary() {
        return keys.get(primaryId);
    }

    SecretKey key(String id) throws CryptoException {
        SecretKey key = keys.get(id);
        if (key == null) {
            throw new CryptoException("Sealed under master key " + id + ", which is not in the key store");
        }
        return key;
    }

    /** Collects keys; the primary must be one of them. */
    public static final class Builder {
        private final Map<String, SecretKey> keys = new LinkedHashMap<>();
        private String primaryId;

        public Builder add(String id, SecretKey key) {
            if (id.isEmpty() || id.length() > 64 || !id.chars().allMatch(c -> c > 32 && c < 127)) {
                throw new IllegalArgumentException("A master key id is 1 to 64 printable ASCII characters");
            }
            if (!"AES".equals(key.getAlgorithm()) || key.getEncoded().length != 32) {
                throw new IllegalArgumentException("Master key " + id + " is not an AES-256 key");
            }
            keys.put(id, key);
            return this;
        }

        public Builder primary(String id) {
            this.primaryId = id;
            return this;
        }

        public KeyRing build() {
            Objects.requireNonNull(primaryId, "a primary key is needed");
            if (!keys.containsKey(primaryId)) {
                throw new IllegalArgumentException("The primary key " + primaryId + " is not in the ring");
            }
            return new KeyRing(Collections.unmodifiableMap(new LinkedHashMap<>(keys)), primaryId);
        }
    }
}
