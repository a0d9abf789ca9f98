package io.securemessenger.dlp.detect;

/**
 * US Social Security numbers written {@code AAA-GG-SSSS} or {@code AAA GG SSSS}, excluding
 * numbers the SSA never issues: area 000, 666 and 900-999, group 00, serial 0000, and the
 * well-known advertising numbers. The {@link Form#BARE} form finds nine digits with no
 * separator; most such numbers are not SSNs, so policies pair it with keywords.
 */
public final class SsnDetector implements TokenDetector {
    public static final String ID = "us-ssn";
    public static final String BARE_ID = "us-ssn-unformatted";

    /** How the number is written. */
    public enum Form {
        /** {@code AAA-GG-SSSS} or {@code AAA GG SSSS}. */
        FORMATTED,
        /** {@code AAAGGSSSS}. */
        BARE
    }

    private final Form form;

    public SsnDetector(Form form) {
        this.form = form;
    }

    @Override
    public String id() {
        return form == Form.FORMATTED ? ID : BARE_ID;
    }

    @Override
    public void find(CharSequence text, NumberTokens tokens, int from, int to, MatchSink sink) {
        char[] digits = new char[NumberTokens.MAX_DIGITS];
        TokenDetector.forEachToken(tokens, from, to, i -> {
            if (tokens.digitCount(i) != 9) {
                return;
            }
            boolean written = form == Form.FORMATTED
                ? tokens.groupCount(i) == 3 && tokens.group(i, 0) == 3 && tokens.group(i, 1) == 2 && tokens.group(i, 2) == 4
                : tokens.groupCount(i) == 1;
            if (written) {
                tokens.digits(text, i, digits);
                if (isIssuable(digits)) {
                    sink.match(tokens.start(i), tokens.end(i));
                }
            }
        });
    }

    static boolean isIssuable(char[] d) {
        int area = (d[0] - '0') * 100 + (d[1] - '0') * 10 + (d[2] - '0');
        int group = (d[3] - '0') * 10 + (d[4] - '0');
        int serial = (d[5] - '0') * 1000 + (d[6] - '0') * 100 + (d[7] - '0') * 10 + (d[8] - '0');
        if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0) {
            return false;
        }
        // Published in advertising and used as examples, never a person's number.
        boolean woolworth = area == 78 && group == 5 && serial == 1120;
        boolean example = area == 219 && group == 9 && serial == 9999;
        boolean sequential = area == 123 && group == 45 && serial == 6789;
        return !woolworth && !example && !sequential;
    }
}
