package io.securemessenger.dlp.detect;

/**
 * US National Provider Identifiers: ten digits starting with 1 or 2 whose last digit is the
 * Luhn check digit computed with the 80840 prefix.
 */
public final class NpiDetector implements TokenDetector {
    public static final String ID = "npi";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void find(CharSequence text, NumberTokens tokens, int from, int to, MatchSink sink) {
        char[] digits = new char[NumberTokens.MAX_DIGITS];
        TokenDetector.forEachToken(tokens, from, to, i -> {
            if (tokens.digitCount(i) == 10 && tokens.groupCount(i) == 1) {
                tokens.digits(text, i, digits);
                if ((digits[0] == '1' || digits[0] == '2') && Checksums.npi(digits)) {
                    sink.match(tokens.start(i), tokens.end(i));
                }
            }
        });
    }
}
