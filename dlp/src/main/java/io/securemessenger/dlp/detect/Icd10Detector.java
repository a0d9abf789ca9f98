package io.securemessenger.dlp.detect;

/**
 * ICD-10-CM diagnosis codes: a letter other than U, a digit, a digit or A/B, then optionally a
 * dot and one to four characters ({@code E11.9}, {@code S72.001A}, {@code J45}). Three-character
 * codes look like many other things (room numbers, part numbers); policies pair this detector
 * with diagnosis keywords in a proximity window.
 */
public final class Icd10Detector implements Detector {
    public static final String ID = "icd10";

    @Override
    public boolean revealsTail() {
        return false;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void find(CharSequence text, int from, int to, MatchSink sink) {
        for (int i = from; i + 3 <= to; i++) {
            char c = text.charAt(i);
            if (c < 'A' || c > 'Z' || c == 'U' || (i > 0 && NumberTokens.isAlnum(text.charAt(i - 1)))) {
                continue;
            }
            char c1 = text.charAt(i + 1);
            char c2 = text.charAt(i + 2);
            if (!NumberTokens.isDigit(c1) || !(NumberTokens.isDigit(c2) || c2 == 'A' || c2 == 'B')) {
                continue;
            }
            int end = i + 3;
            if (end + 1 < to && text.charAt(end) == '.' && isCodeChar(text.charAt(end + 1))) {
                int j = end + 1;
                while (j < to && j < end + 5 && isCodeChar(text.charAt(j))) {
                    j++;
                }
                end = j;
            }
            if (end < to && NumberTokens.isAlnum(text.charAt(end))) {
                continue;
            }
            sink.match(i, end);
            i = end - 1;
        }
    }

    private static boolean isCodeChar(char c) {
        return NumberTokens.isDigit(c) || (c >= 'A' && c <= 'Z' && c != 'U');
    }
}
