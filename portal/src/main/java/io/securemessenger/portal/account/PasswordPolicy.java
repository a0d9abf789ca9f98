package io.securemessenger.portal.account;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a new password must be (NIST SP 800-63B, OWASP ASVS): at least {@value #MIN_LENGTH}
 * characters, at most {@value #MAX_LENGTH}, no composition rules; not a commonly used password,
 * not built on the person's own address; and a hint that does not give it away. Each refusal is a
 * sentence a patient can act on.
 */
public final class PasswordPolicy {
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 128;
    private static final Set<String> COMMON = load();

    private PasswordPolicy() {
    }

    /** Why {@code password} cannot be used by {@code address}; empty when it can. */
    public static Optional<String> problem(String password, String confirmation, String address) {
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            return Optional.of("Choose a password of at least " + MIN_LENGTH + " characters. A few words you can remember work well.");
        }
        if (length > MAX_LENGTH) {
            return Optional.of("Choose a password of at most " + MAX_LENGTH + " characters.");
        }
        if (!password.equals(confirmation)) {
            return Optional.of("The two passwords are not the same. Type the same password twice.");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (COMMON.contains(lower) || password.chars().distinct().count() < 4) {
            return Optional.of("This password is too common and easy to guess. Choose another one.");
        }
        String local = address.toLowerCase(Locale.ROOT).split("@", 2)[0];
        if (local.length() >= 4 && lower.contains(local)) {
            return Optional.of("Your password must not contain your email address. Choose another one.");
        }
        return Optional.empty();
    }

    /** Why {@code hint} cannot go with {@code password}; empty when it can. */
    public static Optional<String> hintProblem(String hint, String password) {
        String trimmed = hint.strip();
        if (trimmed.isEmpty()) {
            return Optional.of("Write a hint phrase that will remind you of your password.");
        }
        if (trimmed.length() > 200) {
            return Optional.of("Keep the hint phrase under 200 characters.");
        }
        String squashedHint = squash(trimmed);
        String squashedPassword = squash(password);
        if (!squashedPassword.isEmpty() && (squashedHint.contains(squashedPassword)
            || (squashedPassword.length() >= 8 && squashedHint.length() >= 8 && squashedPassword.contains(squashedHint)))) {
            return Optional.of("The hint must not contain your password. Write something only you would understand.");
        }
        return Optional.empty();
    }

    private static String squash(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
    }

    private static Set<String> load() {
        Set<String> words = new HashSet<>();
        try (InputStream in = PasswordPolicy.class.getResourceAsStream("common-passwords.txt");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    words.add(line.strip().toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The list of common passwords is missing from the portal jar", e);
        }
        return Set.copyOf(words);
    }
}
