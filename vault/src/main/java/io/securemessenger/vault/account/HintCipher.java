package io.securemessenger.vault.account;

import io.securemessenger.vault.crypto.CryptoException;
import io.securemessenger.vault.crypto.KeyRing;
import io.securemessenger.vault.crypto.MessageKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Password hints as the vault stores them: encrypted like a message, under a fresh data key wrapped
 * by the primary master key, the ciphertext bound to its account's address. A hint is needed only
 * to be mailed with a reset link, so it is opened only then. Stored form:
 * {@code v1.<wrapped data key>.<ciphertext>} (base64url), about 180 characters for a 60-character hint.
 */
public final class HintCipher {
    private static final String PREFIX = "v1.";
    private static final String PART = "hint";

    private HintCipher() {
    }

    /** Whether a stored hint is sealed (hints stored before sealing existed are in clear). */
    public static boolean isSealed(String stored) {
        return stored.startsWith(PREFIX);
    }

    public static String seal(KeyRing ring, String address, String hint) throws CryptoException {
        MessageKey key = MessageKey.generate(keyId(address));
        return PREFIX + encode(key.wrap(ring)) + "." + encode(key.encrypt(PART, hint.getBytes(StandardCharsets.UTF_8)));
    }

    public static String open(KeyRing ring, String address, String stored) throws CryptoException {
        if (!isSealed(stored)) {
            return stored;
        }
        String[] parts = parts(stored);
        MessageKey key = MessageKey.unwrap(ring, keyId(address), decode(parts[0]));
        return new String(key.decrypt(PART, decode(parts[1])), StandardCharsets.UTF_8);
    }

    /** The same hint with its data key wrapped by the ring's primary master key (after a rotation). */
    public static String rewrap(KeyRing ring, String address, String stored) throws CryptoException {
        String[] parts = parts(stored);
        MessageKey key = MessageKey.unwrap(ring, keyId(address), decode(parts[0]));
        return PREFIX + encode(key.wrap(ring)) + "." + parts[1];
    }

    /** The id of the master key that wraps a sealed hint's data key. */
    public static String masterKeyIdOf(String stored) throws CryptoException {
        return MessageKey.masterKeyIdOf(decode(parts(stored)[0]));
    }

    private static String[] parts(String stored) throws CryptoException {
        String[] parts = stored.substring(PREFIX.length()).split("\\.", -1);
        if (parts.length != 2) {
            throw new CryptoException("A stored hint is malformed");
        }
        return parts;
    }

    private static String keyId(String address) {
        return "hint:" + AccountStore.normalise(address);
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] decode(String text) throws CryptoException {
        try {
            return Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new CryptoException("A stored hint is malformed");
        }
    }
}
