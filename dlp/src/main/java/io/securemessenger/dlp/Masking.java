package io.securemessenger.dlp;

/**
 * Masks a matched value for reports: letters and digits become {@code *} except the last four
 * when the value has at least eight of them; separators stay, so the shape is recognisable
 * ({@code 123-45-6789} becomes {@code ***-**-6789}).
 */
public final class Masking {
    private Masking() {
    }

    public static String mask(CharSequence value) {
        return mask(value, true);
    }

    /** As {@link #mask(CharSequence)}, hiding every letter and digit when {@code revealTail} is false. */
    public static String mask(CharSequence value, boolean revealTail) {
        int alnum = 0;
        for (int i = 0; i < value.length(); i++) {
            if (Character.isLetterOrDigit(value.charAt(i))) {
                alnum++;
            }
        }
        int keep = revealTail && alnum >= 8 ? 4 : 0;
        StringBuilder masked = new StringBuilder(value.length());
        int seen = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                seen++;
                masked.append(seen > alnum - keep ? c : '*');
            } else {
                masked.append(Character.isWhitespace(c) ? ' ' : c);
            }
        }
        return masked.toString();
    }
}
