package io.securemessenger.dlp.detect;

/**
 * DEA registration numbers: a registrant-type letter, a second letter (the registrant's
 * initial, or 9 for some business types), and seven digits whose last is the check digit
 * ((d1+d3+d5) + 2*(d2+d4+d6)) mod 10.
 */
public final class DeaDetector implements Detector {
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
    public void find(CharSequence text, int from, int to, MatchSink sink) {
        int i = from;
        while (i + 9 <= to) {
            // The last of the seven digits decides most positions: when it is not a digit, no
            // number can start at i or at any of the six positions after it.
            if (!NumberTokens.isDigit(text.charAt(i + 8))) {
                i += 7;
                continue;
            }
            char c = text.charAt(i);
            char second = text.charAt(i + 1);
            if (c < 128 && REGISTRANT_TYPE[c] && (isAsciiLetter(second) || second == '9')
                && (i == 0 || !NumberTokens.isAlnum(text.charAt(i - 1)))
                && allDigits(text, i + 2, i + 8)
                && (i + 9 == to || !NumberTokens.isAlnum(text.charAt(i + 9)))
                && Checksums.dea(text, i + 2)) {
                sink.match(i, i + 9);
            }
            i++;
        }
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean allDigits(CharSequence text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!NumberTokens.isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
