package io.securemessenger.dlp.detect;

/**
 * The one pass over a text that every rule of a policy shares: it walks the words once, looking
 * up those that may start a term among the policy's keyword terms and parsing those that start a number into
 * {@link NumberTokens}. Works on a {@code char[]} so the loop stays tight.
 */
final class TextIndex {
    /**
     * {@link Character#isLetterOrDigit(char)} for every char, looked up without a branch: the word
     * loop tests each character of every text, and a table of all 65,536 answers (64 KiB, of which
     * the ASCII part stays in cache) is faster than the test.
     */
    private static final boolean[] WORD_CHAR = new boolean[Character.MAX_VALUE + 1];

    static {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            WORD_CHAR[c] = Character.isLetterOrDigit((char) c);
        }
    }

    private TextIndex() {
    }

    static boolean isAlnum(char c) {
        return WORD_CHAR[c];
    }

    /**
     * Scans {@code [from, to)} of {@code t}. Either of {@code keywords} (with {@code found}, one
     * entry per keyword list) and {@code tokens} may be null when not wanted.
     */
    static void scan(char[] t, int from, int to, KeywordIndex keywords, KeywordSet.Occurrences[] found, NumberTokens tokens) {
        int i = from;
        if (i > 0 && i < to && isAlnum(t[i - 1])) {
            // A word cut by the start of the region belongs to the text before it.
            while (i < to && isAlnum(t[i])) {
                i++;
            }
        }
        while (i < to) {
            char c = t[i];
            if (!isAlnum(c)) {
                i++;
                continue;
            }
            int start = i;
            if (tokens != null && c >= '0' && c <= '9') {
                // A number: its parse walks its digits and the groups after them, so its word is
                // not walked twice (a third of the pass's time went to numbers, two loops each).
                if (keywords != null && keywords.hasTermStartingWithDigit()) {
                    int end = start;
                    while (end < to && isAlnum(t[end])) {
                        end++;
                    }
                    if (keywords.mayStartTerm(c, end - start)) {
                        keywords.matchWord(t, start, end, to, found);
                    }
                }
                i = digits(t, start, to, tokens);
                while (i < to && isAlnum(t[i])) {
                    i++;
                }
                continue;
            }
            while (i < to && isAlnum(t[i])) {
                i++;
            }
            // Hashing only the words that may start a term keeps this loop free of a dependency chain.
            if (keywords != null && keywords.mayStartTerm(c, i - start)) {
                keywords.matchWord(t, start, i, to, found);
            }
        }
    }

    /**
     * Parses the number token starting at {@code start}; returns where parsing stopped. Most
     * numbers are one group of digits: this short path, which the compiler inlines into the pass,
     * takes them, and hands the others to {@link #number}.
     */
    private static int digits(char[] t, int start, int to, NumberTokens tokens) {
        int end = start + 1;
        while (end < to && t[end] >= '0' && t[end] <= '9') {
            end++;
        }
        if (end + 1 < to && (t[end] == '-' || t[end] == ' ') && t[end + 1] >= '0' && t[end + 1] <= '9') {
            return number(t, start, to, tokens);
        }
        int digitCount = end - start;
        if (digitCount <= NumberTokens.MAX_DIGITS && (end == to || !isAlnum(t[end]))) {
            tokens.add(start, end, digitCount, Math.min(digitCount, 31) | (1L << 60));
        }
        return end;
    }

    /** Parses the number token, of one group of digits or several, starting at {@code start}; returns where parsing stopped. */
    private static int number(char[] t, int start, int to, NumberTokens tokens) {
        int i = start;
        int digitCount = 0;
        int groupCount = 0;
        int groupLength = 0;
        long packedGroups = 0;
        char separator = 0;
        int end = i;
        while (i < to) {
            char c = t[i];
            if (c >= '0' && c <= '9') {
                digitCount++;
                groupLength++;
                i++;
                end = i;
            } else if ((c == '-' || c == ' ') && (separator == 0 || separator == c) && i + 1 < to
                && t[i + 1] >= '0' && t[i + 1] <= '9' && groupCount < NumberTokens.MAX_GROUPS - 1) {
                separator = c;
                packedGroups |= (long) Math.min(groupLength, 31) << (NumberTokens.GROUP_BITS * groupCount++);
                groupLength = 0;
                i++;
            } else {
                break;
            }
        }
        packedGroups |= (long) Math.min(groupLength, 31) << (NumberTokens.GROUP_BITS * groupCount++);
        boolean gluedAfter = end < to && isAlnum(t[end]);
        if (digitCount <= NumberTokens.MAX_DIGITS && !gluedAfter) {
            tokens.add(start, end, digitCount, packedGroups | ((long) groupCount << 60));
        }
        return end;
    }
}
