package io.securemessenger.portal.officer;

import io.securemessenger.vault.crypto.Digests;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.codec.binary.Base32;

/**
 * An officer's recovery codes, for when their authenticator is lost: ten codes of 80 random bits,
 * written as sixteen Base32 characters in groups of four, each good once. Only their SHA-256
 * hashes are stored (80 bits are beyond guessing, so a plain hash suffices).
 */
public final class RecoveryCodes {
    public static final int COUNT = 10;
    private static final int BYTES = 10;

    private final SecureRandom random = new SecureRandom();

    public List<String> generate() {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            byte[] bytes = new byte[BYTES];
            random.nextBytes(bytes);
            codes.add(new Base32().encodeToString(bytes).replaceAll("(.{4})(?!$)", "$1-"));
        }
        return codes;
    }

    /** The stored form of a code as typed: case, spaces and dashes do not matter. */
    public static String hash(String typed) {
        return Digests.sha256Hex(typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT));
    }
}
