package io.securemessenger.vault.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A short secret as the vault stores it in a column: encrypted like a message, under a fresh data
 * key wrapped by the primary master key, the ciphertext bound to its owner ({@code keyId}) and its
 * kind ({@code part}), so a value copied to another row or column does not open. Stored form:
 * {@code v1.<wrapped data key>.<ciphertext>} (base64url). Used for password hints and officers'
 * second-factor secrets; re-wrapped when master keys rotate.
 */
public final class SealedText {
    private static final String PREFIX = "v1.";

    private SealedText() {
    }

    /** Whether a stored value is sealed (values stored before sealing existed are in clear). */
    public static boolean isSealed(String stored) {
        return stored.startsWith(PREFIX);
    }

    public static String seal(KeyRing ring, String keyId, String part, String text) throws CryptoException {
        MessageKey key = MessageKey.generate(keyId);
        return PREFIX + encode(key.wrap(ring)) + "." + encode(key.encrypt(part, text.getBytes(StandardCharsets.UTF_8)));
    }

    public static String open(KeyRing ring, String keyId, String part, String stored) throws CryptoException {
        String[] parts = parts(stored);
        MessageKey key = MessageKey.unwrap(ring, keyId, decode(parts[0]));
        return new String(key.decrypt(part, decode(parts[1])), StandardCharsets.UTF_8);
    }

    /** The same value with its data key wrapped by the ring's primary master key (after a rotation). */
    public static String rewrap(KeyRing ring, String keyId, String stored) throws CryptoException {
        String[] parts = parts(stored);
        MessageKey key = MessageKey.unwrap(ring, keyId, decode(parts[0]));
        return PREFIX + encode(key.wrap(ring)) + "." + parts[1];
    }

    /** The id of the master key that wraps a sealed value's data key. */
    public static String masterKeyIdOf(String stored) throws CryptoException {
        return MessageKey.masterKeyIdOf(decode(parts(stored)[0]));
    }

    private static String[] parts(String stored) throws CryptoException {
        if (!isSealed(stored)) {
            throw new CryptoException("A stored secret is not sealed");
        }
        String[] parts = stored.substring(PREFIX.length()).split("\\.", -1);
        if (parts.length != 2) {
            throw new CryptoException("A stored secret is malformed");
        }
        return parts;
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] decode(String text) throws CryptoException {
        try {
            return Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new CryptoException("A stored secret is malformed");
        }
    }
}
