package io.securemessenger.dlp.detect;

/**
 * US National Provider Identifiers: ten digits starting with 1 or 2 whose last digit is the
 * Luhn check digit computed with the 80840 prefix.
 */
public final class NpiDetector implements Detector {
    public static final String ID = "npi";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void find(CharSequence text, int from, int to, MatchSink sink) {
        NumberTokens.scan(text, from, to, (start, end, digits, count, groups, groupCount, separator) -> {
            if (count == 10 && groupCount == 1 && (digits[0] == '1' || digits[0] == '2') && Checksums.npi(digits)) {
                sink.match(start, end);
            }
        });
    }
}
