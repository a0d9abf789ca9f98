package io.securemessenger.dlp.detect;

/**
 * One pass over text that yields "number tokens": runs of digits that may be split into groups
 * by a single space or hyphen, standing alone (no letter or digit glued to either end). The
 * numeric detectors classify these tokens instead of each running a regular expression.
 */
final class NumberTokens {

    /** Receives a token: its span, its digits, and the lengths of its groups. */
    interface TokenSink {
        void token(int start, int end, char[] digits, int digitCount, int[] groups, int groupCount, char separator);
    }

    static final int MAX_DIGITS = 19;
    private static final int MAX_GROUPS = 8;

    private NumberTokens() {
    }

    static void scan(CharSequence text, int from, int to, TokenSink sink) {
        char[] digits = new char[MAX_DIGITS];
        int[] groups = new int[MAX_GROUPS];
        int i = from;
        while (i < to) {
            char c = text.charAt(i);
            if (!isDigit(c) || (i > 0 && isAlnum(text.charAt(i - 1)))) {
                i = skipWord(text, i, to);
                continue;
            }
            int start = i;
            int digitCount = 0;
            int groupCount = 0;
            int groupLength = 0;
            char separator = 0;
            boolean overflow = false;
            int end = i;
            while (i < to) {
                c = text.charAt(i);
                if (isDigit(c)) {
                    if (digitCount < MAX_DIGITS) {
                        digits[digitCount] = c;
                    } else {
                        overflow = true;
                    }
                    digitCount++;
                    groupLength++;
                    i++;
                    end = i;
                } else if ((c == '-' || c == ' ') && (separator == 0 || separator == c)
                    && i + 1 < to && isDigit(text.charAt(i + 1)) && groupCount < MAX_GROUPS - 1) {
                    separator = c;
                    groups[groupCount++] = groupLength;
                    groupLength = 0;
                    i++;
                } else {
                    break;
                }
            }
            groups[groupCount++] = groupLength;
            boolean gluedAfter = end < to && (Character.isLetterOrDigit(text.charAt(end)));
            if (!overflow && !gluedAfter) {
                sink.token(start, end, digits, digitCount, groups, groupCount, separator);
            }
            i = skipWord(text, end, to);
        }
    }

    private static int skipWord(CharSequence text, int i, int to) {
        int j = i;
        while (j < to && isAlnum(text.charAt(j))) {
            j++;
        }
        return j == i ? j + 1 : j;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAlnum(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c > 127 && Character.isLetterOrDigit(c));
    }
}
