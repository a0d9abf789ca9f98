package io.securemessenger.vault.delivery;

import io.securemessenger.vault.crypto.Digests;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret in a recipient's VIEW MESSAGE link: 256 random bits, base64url without padding
 * (43 characters), carrying no address or id. Only its SHA-256 hash is stored, so a copy of the
 * database does not yield working links.
 */
public final class LinkToken {
    static final int BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String value;

    private LinkToken(String value) {
        this.value = value;
    }

    public static LinkToken generate() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return new LinkToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** The token as it appears in a link. */
    public String value() {
        return value;
    }

    /** Hex SHA-256 of a token as presented; what the database stores and looks up. */
    public static String hash(String presented) {
        // Tokens are base64url, so their UTF-8 and ASCII bytes are the same.
        return Digests.sha256Hex(presented);
    }

    /** Whether a string has the shape of a token, before any database look-up. */
    public static boolean wellFormed(String presented) {
        return presented != null && presented.length() == 43 && presented.chars().allMatch(c ->
            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_');
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "LinkToken[redacted]";
    }
}
