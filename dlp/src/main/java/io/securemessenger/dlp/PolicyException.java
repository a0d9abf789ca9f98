package io.securemessenger.dlp;

/** A policy file that cannot be used; the message names the file, the element and the value. */
public final class PolicyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PolicyException(String message) {
        super(message);
    }

    public PolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
