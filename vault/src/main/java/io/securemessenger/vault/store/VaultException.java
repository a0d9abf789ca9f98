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

    /**
     * Whether trying again later may succeed: the database refused for now (connection lost,
     * deadlock or lock timeout, serialisation failure, shutting down, out of resources) rather
     * than for the request itself.
     */
    public boolean isTransient() {
        for (Throwable t = getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException) {
                String state = ((java.sql.SQLException) t).getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                    || state.startsWith("57"))) {
                    return true;
                }
            }
        }
        return false;
    }
}
