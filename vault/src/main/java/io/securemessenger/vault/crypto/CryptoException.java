package io.securemessenger.vault.crypto;

/**
 * A ciphertext that cannot be opened (tampered, truncated, bound to another message or part, or
 * sealed under a key that is not available), or a key store that cannot be used. Messages name
 * ids and reasons, never plaintext or key material.
 */
public class CryptoException extends Exception {
    private static final long serialVersionUID = 1L;

    public CryptoException(String message) {
        super(message);
    }

    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
