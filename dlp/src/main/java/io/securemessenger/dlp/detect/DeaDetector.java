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
        for (int i = from; i + 9 <= to; i++) {
            char c = text.charAt(i);
            if (c >= 128 || !REGISTRANT_TYPE[c] || (i > 0 && NumberTokens.isAlnum(text.charAt(i - 1)))) {
                continue;
            }
            char second = text.charAt(i + 1);
            if (!(Character.isLetter(second) && second < 128) && second != '9') {
                continue;
            }
            if (!allDigits(text, i + 2, i + 9) || (i + 9 < to && NumberTokens.isAlnum(text.charAt(i + 9)))) {
                continue;
            }
            if (Checksums.dea(text, i + 2)) {
                sink.match(i, i + 9);
            }
        }
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
