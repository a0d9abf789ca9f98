package io.securemessenger.dlp.detect;

import java.util.Arrays;

/**
 * The "number tokens" of a text, found in one pass: runs of digits that may be split into groups
 * by a single space or hyphen, standing alone (no letter or digit glued to either end). The
 * numeric detectors classify these tokens instead of each scanning the text again; a scan caches
 * them per text (see {@link ScanText#numberTokens()}).
 */
public final class NumberTokens {
    static final int MAX_DIGITS = 19;
    static final int MAX_GROUPS = 8;
    static final int GROUP_BITS = 5;

    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private int[] digitCounts = new int[64];
    private long[] groups = new long[64];
    private int size;

    private NumberTokens() {
    }

    /** Tokens lying entirely within {@code [from, to)} of {@code text}. */
    public static NumberTokens scan(CharSequence text, int from, int to) {
        NumberTokens tokens = new NumberTokens();
        TextIndex.scan(text.toString().toCharArray(), from, to, null, null, tokens);
        return tokens;
    }

    static NumberTokens empty() {
        return new NumberTokens();
    }

    void add(int start, int end, int digitCount, long packedGroups) {
        if (size == starts.length) {
            int n = size * 2;
            starts = Arrays.copyOf(starts, n);
            ends = Arrays.copyOf(ends, n);
            digitCounts = Arrays.copyOf(digitCounts, n);
            groups = Arrays.copyOf(groups, n);
        }
        starts[size] = start;
        ends[size] = end;
        digitCounts[size] = digitCount;
        groups[size] = packedGroups;
        size++;
    }

    public int size() {
        return size;
    }

    int start(int i) {
        return starts[i];
    }

    int end(int i) {
        return ends[i];
    }

    int digitCount(int i) {
        return digitCounts[i];
    }

    int groupCount(int i) {
        return (int) (groups[i] >>> 60);
    }

    int group(int i, int k) {
        return (int) ((groups[i] >>> (GROUP_BITS * k)) & 31);
    }

    /** Copies the digits of token {@code i} into {@code out}; returns their count. */
    int digits(CharSequence text, int i, char[] out) {
        int n = 0;
        for (int j = starts[i]; j < ends[i]; j++) {
            char c = text.charAt(j);
            if (c >= '0' && c <= '9') {
                out[n++] = c;
            }
        }
        return n;
    }

    /** Index of the first token starting at or after {@code position}. */
    int firstAtOrAfter(int position) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] < position) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAlnum(char c) {
        return TextIndex.isAlnum(c);
    }
}
