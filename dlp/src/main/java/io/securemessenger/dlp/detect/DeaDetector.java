package io.securemessenger.dlp.detect;

/**
 * DEA registration numbers: a registrant-type letter, a second letter (the registrant's
 * initial, or 9 for some business types), and seven digits whose last is the check digit
 * ((d1+d3+d5) + 2*(d2+d4+d6)) mod 10.
 */
public final class DeaDetector implements CharDetector {
    public static final String ID = "dea";
    private static final boolean[] REGISTRANT_TYPE = new boolean[128];

    static {
        for (char c : "ABCDEFGHJKLMPRSTUX".toCharArray()) {
            REGISTRANT_TYPE[c] = true;
            REGISTRANT_TYPE[Character.toLowerCase(c)] = true;
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void find(char[] text, int from, int to, MatchSink sink) {
        int i = from;
        while (i + 9 <= to) {
            // The last of the seven digits decides most positions: when it is not a digit, no
            // number can start at i or at any of the six positions after it.
            if (!NumberTokens.isDigit(text[i + 8])) {
                i += 7;
                continue;
            }
            char c = text[i];
            char second = text[i + 1];
            if (c < 128 && REGISTRANT_TYPE[c] && (isAsciiLetter(second) || second == '9')
                && (i == 0 || !NumberTokens.isAlnum(text[i - 1]))
                && allDigits(text, i + 2, i + 8)
                && (i + 9 == to || !NumberTokens.isAlnum(text[i + 9]))
                && checkDigit(text, i + 2)) {
                sink.match(i, i + 9);
            }
            i++;
        }
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** The check digit: ((d1+d3+d5) + 2*(d2+d4+d6)) mod 10 = d7. */
    private static boolean checkDigit(char[] t, int d) {
        int odd = (t[d] - '0') + (t[d + 2] - '0') + (t[d + 4] - '0');
        int even = (t[d + 1] - '0') + (t[d + 3] - '0') + (t[d + 5] - '0');
        return (odd + 2 * even) % 10 == t[d + 6] - '0';
    }

    private static boolean allDigits(char[] text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!NumberTokens.isDigit(text[i])) {
                return false;
            }
        }
        return true;
    }
}
