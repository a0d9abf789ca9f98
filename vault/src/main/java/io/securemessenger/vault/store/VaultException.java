package io.securemessenger.vault.store;

/** The vault cannot do what was asked; the message names ids and causes, never content. */
public class VaultException extends Exception {
    private static final long serialVersionUID = 1L;

    public VaultException(String message) {
        super(message);
    }

    public VaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
