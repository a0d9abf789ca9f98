package io.securemessenger.dlp.detect;

/**
 * The one pass over a text that every rule of a policy shares: it walks the words once, looking
 * each up among the policy's keyword terms and parsing those that start a number into
 * {@link NumberTokens}. Works on a {@code char[]} so the loop stays tight.
 */
final class TextIndex {
    private static final boolean[] ASCII_ALNUM = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            ASCII_ALNUM[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            ASCII_ALNUM[c] = true;
            ASCII_ALNUM[c - 32] = true;
        }
    }

    private TextIndex() {
    }

    static boolean isAlnum(char c) {
        return c < 128 ? ASCII_ALNUM[c] : Character.isLetterOrDigit(c);
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
            int h = 0;
            while (i < to && isAlnum(c = t[i])) {
                h = 31 * h + (c < 128 ? (c >= 'A' && c <= 'Z' ? c + 32 : c) : Character.toLowerCase(c));
                i++;
            }
            if (keywords != null) {
                keywords.matchWord(t, start, i, to, h, found);
            }
            char first = t[start];
            if (tokens != null && first >= '0' && first <= '9') {
                int end = number(t, start, to, tokens);
                while (end < to && isAlnum(t[end])) {
                    end++;
                }
                i = Math.max(i, end);
            }
        }
    }

    /** Parses the number token starting at {@code start}; returns where parsing stopped. */
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
