package io.securemessenger.portal.officer;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;

/**
 * Time-based one-time passwords (RFC 6238) as every authenticator app reads them: HMAC-SHA1, six
 * digits, 30-second steps, a 160-bit secret (RFC 4226's recommendation). A code is accepted for
 * the current step and one step either side (clocks drift); which step matched is returned, so
 * that the caller can refuse a step that was used before (a replayed code).
 */
public final class Totp {
    public static final Duration STEP = Duration.ofSeconds(30);
    public static final int DIGITS = 6;
    private static final int SECRET_BYTES = 20;

    private final TimeBasedOneTimePasswordGenerator generator =
        new TimeBasedOneTimePasswordGenerator(STEP, DIGITS, TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);
    private final SecureRandom random = new SecureRandom();

    public byte[] newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return secret;
    }

    /** The secret as an app's "enter a key" field takes it: Base32, no padding, in groups of four. */
    public static String readable(byte[] secret) {
        String base32 = new Base32().encodeToString(secret).replace("=", "");
        return base32.replaceAll("(.{4})(?!$)", "$1 ");
    }

    /** The {@code otpauth://} URI of Google's Key URI format, which the enrolment QR code holds. */
    public static String uri(String issuer, String account, byte[] secret) {
        String label = encode(issuer) + ":" + encode(account);
        return "otpauth://totp/" + label + "?secret=" + readable(secret).replace(" ", "") + "&issuer=" + encode(issuer)
            + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP.toSeconds();
    }

    /** The code of {@code secret} at {@code time} (for tests and for an officer's own check). */
    public String code(byte[] secret, Instant time) {
        try {
            return generator.generateOneTimePasswordString(key(secret), time);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA1 refused a TOTP secret", e);
        }
    }

    /** The time step {@code time} falls in. */
    public static long step(Instant time) {
        return Math.floorDiv(time.getEpochSecond(), STEP.toSeconds());
    }

    /**
     * The step (previous, current or next) whose code is {@code typed}, ignoring spaces; empty when
     * it is none of them or is not six digits.
     */
    public OptionalLong matchingStep(byte[] secret, String typed, Instant now) {
        String code = typed.replace(" ", "").strip();
        if (!code.matches("[0-9]{" + DIGITS + "}")) {
            return OptionalLong.empty();
        }
        long current = step(now);
        OptionalLong matched = OptionalLong.empty();
        // Every candidate is computed and compared in constant time, whichever matches.
        for (long step = current - 1; step <= current + 1; step++) {
            String expected = code(secret, Instant.ofEpochSecond(step * STEP.toSeconds()));
            if (MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), code.getBytes(StandardCharsets.US_ASCII))) {
                matched = OptionalLong.of(step);
            }
        }
        return matched;
    }

    private static SecretKeySpec key(byte[] secret) {
        return new SecretKeySpec(secret, "HmacSHA1");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
