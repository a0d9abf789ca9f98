package io.securemessenger.portal.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), with OWASP's parameters: 19 MiB of memory,
 * two passes, one lane. Verification reads the parameters from the stored string, so hashes made
 * with older parameters still verify after they change.
 */
public final class PasswordHasher {
    static final int MEMORY_KIB = 19456;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    /** A hash of a password nobody has, verified against when an address has no account (same time either way). */
    private final String decoy = hash("decoy-password-for-timing".toCharArray());

    public String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$" + B64.encodeToString(salt) + "$"
            + B64.encodeToString(hash);
    }

    /** Whether {@code password} matches {@code encoded}; false for anything malformed. */
    public boolean verify(char[] password, String encoded) {
        String[] fields = encoded.split("\\$");
        if (fields.length != 6 || !fields[1].equals("argon2id") || !fields[2].equals("v=19")) {
            return false;
        }
        try {
            int memory = 0;
            int iterations = 0;
            int parallelism = 0;
            for (String parameter : fields[3].split(",")) {
                String[] kv = parameter.split("=", 2);
                int value = Integer.parseInt(kv[1]);
                switch (kv[0]) {
                    case "m":
                        memory = value;
                        break;
                    case "t":
                        iterations = value;
                        break;
                    case "p":
                        parallelism = value;
                        break;
                    default:
                        return false;
                }
            }
            byte[] salt = B64D.decode(fields[4]);
            byte[] expected = B64D.decode(fields[5]);
            if (memory < 8 || iterations < 1 || parallelism < 1 || expected.length < 16) {
                return false;
            }
            return MessageDigest.isEqual(expected, derive(password, salt, memory, iterations, parallelism, expected.length));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Spends the time of a verification without an account, so timing does not reveal which addresses have one. */
    public void verifyDecoy(char[] password) {
        verify(password, decoy);
    }

    private static byte[] derive(char[] password, byte[] salt, int memory, int iterations, int parallelism, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memory)
            .withIterations(iterations)
            .withParallelism(parallelism)
            .withSalt(salt)
            .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(new String(password).getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
