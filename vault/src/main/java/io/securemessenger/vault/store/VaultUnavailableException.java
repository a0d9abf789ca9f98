package io.securemessenger.vault.store;

/** The vault's database did not answer as expected; the message names the SQL state, never data. */
public class VaultUnavailableException extends VaultException {
    private static final long serialVersionUID = 1L;

    public VaultUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
