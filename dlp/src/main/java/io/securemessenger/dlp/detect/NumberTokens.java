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

    private static final int DIGIT_COUNT_SHIFT = GROUP_BITS * MAX_GROUPS;

    /** Per token: start in the high half, end in the low half. */
    private long[] spans = new long[64];
    /** Per token: group lengths ({@link #GROUP_BITS} each), digit count, and group count in the top bits. */
    private long[] shapes = new long[64];
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
        if (size == spans.length) {
            spans = Arrays.copyOf(spans, size * 2);
            shapes = Arrays.copyOf(shapes, size * 2);
        }
        spans[size] = ((long) start << 32) | end;
        shapes[size] = packedGroups | ((long) digitCount << DIGIT_COUNT_SHIFT);
        size++;
    }

    public int size() {
        return size;
    }

    int start(int i) {
        return (int) (spans[i] >>> 32);
    }

    int end(int i) {
        return (int) spans[i];
    }

    int digitCount(int i) {
        return (int) ((shapes[i] >>> DIGIT_COUNT_SHIFT) & 31);
    }

    int groupCount(int i) {
        return (int) (shapes[i] >>> 60);
    }

    int group(int i, int k) {
        return (int) ((shapes[i] >>> (GROUP_BITS * k)) & 31);
    }

    /** Copies the digits of token {@code i} into {@code out}; returns their count. */
    int digits(CharSequence text, int i, char[] out) {
        int n = 0;
        for (int j = start(i), end = end(i); j < end; j++) {
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
            if (start(mid) < position) {
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
