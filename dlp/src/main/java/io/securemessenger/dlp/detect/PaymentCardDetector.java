package io.securemessenger.dlp.detect;

/**
 * Payment card numbers: 13 to 19 digits, bare or in the groups printed on cards (4-4-4-4,
 * 4-6-5, 4-4-4-4-3), with an issuer prefix in use (Visa, Mastercard, American Express,
 * Discover, JCB, Diners Club) and a valid Luhn check digit.
 */
public final class PaymentCardDetector implements TokenDetector {
    public static final String ID = "payment-card";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void find(CharSequence text, NumberTokens tokens, int from, int to, MatchSink sink) {
        char[] digits = new char[NumberTokens.MAX_DIGITS];
        TokenDetector.forEachToken(tokens, from, to, i -> {
            int count = tokens.digitCount(i);
            if (count < 13 || count > 19 || !isCardGrouping(tokens, i)) {
                return;
            }
            tokens.digits(text, i, digits);
            if (hasIssuerPrefix(digits, count) && Checksums.luhn(digits, count)) {
                sink.match(tokens.start(i), tokens.end(i));
            }
        });
    }

    private static boolean isCardGrouping(NumberTokens tokens, int token) {
        int groupCount = tokens.groupCount(token);
        if (groupCount == 1) {
            return true;
        }
        if (groupCount == 3) {
            return tokens.group(token, 0) == 4 && tokens.group(token, 1) == 6
                && (tokens.group(token, 2) == 5 || tokens.group(token, 2) == 4);
        }
        for (int k = 0; k < groupCount - 1; k++) {
            if (tokens.group(token, k) != 4) {
                return false;
            }
        }
        int last = tokens.group(token, groupCount - 1);
        return groupCount >= 4 && last >= 1 && last <= 4;
    }

    static boolean hasIssuerPrefix(char[] d, int count) {
        int p1 = d[0] - '0';
        int p2 = p1 * 10 + (d[1] - '0');
        int p3 = p2 * 10 + (d[2] - '0');
        int p4 = p3 * 10 + (d[3] - '0');
        int p6 = p4 * 100 + (d[4] - '0') * 10 + (d[5] - '0');
        if (p1 == 4) {
            return count == 13 || count == 16 || count == 19;
        }
        if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) {
            return count == 16;
        }
        if (p2 == 34 || p2 == 37) {
            return count == 15;
        }
        if (p4 == 6011 || p2 == 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925)) {
            return count >= 16;
        }
        if (p4 >= 3528 && p4 <= 3589) {
            return count >= 16;
        }
        if ((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39 || p4 == 3095) {
            return count >= 14;
        }
        return false;
    }
}
