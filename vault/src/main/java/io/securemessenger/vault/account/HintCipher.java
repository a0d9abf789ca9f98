package io.securemessenger.vault.account;

import io.securemessenger.vault.crypto.CryptoException;
import io.securemessenger.vault.crypto.KeyRing;
import io.securemessenger.vault.crypto.SealedText;

/**
 * Password hints as the vault stores them: {@link SealedText} bound to its account's address. A
 * hint is needed only to be mailed with a reset link, so it is opened only then. About 180
 * characters for a 60-character hint.
 */
public final class HintCipher {
    private static final String PART = "hint";

    private HintCipher() {
    }

    /** Whether a stored hint is sealed (hints stored before sealing existed are in clear). */
    public static boolean isSealed(String stored) {
        return SealedText.isSealed(stored);
    }

    public static String seal(KeyRing ring, String address, String hint) throws CryptoException {
        return SealedText.seal(ring, keyId(address), PART, hint);
    }

    public static String open(KeyRing ring, String address, String stored) throws CryptoException {
        return isSealed(stored) ? SealedText.open(ring, keyId(address), PART, stored) : stored;
    }

    /** The same hint with its data key wrapped by the ring's primary master key (after a rotation). */
    public static String rewrap(KeyRing ring, String address, String stored) throws CryptoException {
        return SealedText.rewrap(ring, keyId(address), stored);
    }

    /** The id of the master key that wraps a sealed hint's data key. */
    public static String masterKeyIdOf(String stored) throws CryptoException {
        return SealedText.masterKeyIdOf(stored);
    }

    private static String keyId(String address) {
        return "hint:" + AccountStore.normalise(address);
    }
}
