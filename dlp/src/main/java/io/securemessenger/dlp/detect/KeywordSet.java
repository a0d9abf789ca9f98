package io.securemessenger.dlp.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A named list of words or phrases ("patient", "date of birth"), matched case-insensitively on
 * word boundaries. Used on its own (keyword rules) and as the context a proximity rule needs.
 */
public final class KeywordSet {
    private final String id;
    private final List<String> terms;
    private final int longestTerm;

    private KeywordSet(String id, List<String> terms) {
        this.id = id;
        this.terms = terms;
        this.longestTerm = terms.stream().mapToInt(String::length).max().orElse(0);
    }

    public static KeywordSet of(String id, List<String> terms) {
        Objects.requireNonNull(id);
        List<String> normalised = new ArrayList<>();
        for (String term : terms) {
            String t = term.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
            if (!t.isEmpty() && !normalised.contains(t)) {
                normalised.add(t);
            }
        }
        if (normalised.isEmpty()) {
            throw new IllegalArgumentException("Keyword list '" + id + "' has no terms");
        }
        return new KeywordSet(id, List.copyOf(normalised));
    }

    public String id() {
        return id;
    }

    public List<String> terms() {
        return terms;
    }

    /** Length of the longest term, for proximity checks. */
    public int longestTerm() {
        return longestTerm;
    }

    /** Every occurrence within {@code [from, to)}, as {@code [start, end)} pairs sorted by start. */
    public Occurrences find(CharSequence text, int from, int to) {
        return KeywordIndex.of(List.of(this)).find(text, from, to)[0];
    }


    /** Keyword positions, sorted by start. */
    public static final class Occurrences {
        private int[] starts = new int[8];
        private int[] ends = new int[8];
        private int size;

        void add(int start, int end) {
            if (size == starts.length) {
                starts = java.util.Arrays.copyOf(starts, size * 2);
                ends = java.util.Arrays.copyOf(ends, size * 2);
            }
            starts[size] = start;
            ends[size] = end;
            size++;
        }

        void sort() {
            // Insertion sort on (start, end) pairs: lists are short and mostly sorted per term.
            for (int i = 1; i < size; i++) {
                int s = starts[i];
                int e = ends[i];
                int j = i - 1;
                while (j >= 0 && starts[j] > s) {
                    starts[j + 1] = starts[j];
                    ends[j + 1] = ends[j];
                    j--;
                }
                starts[j + 1] = s;
                ends[j + 1] = e;
            }
        }

        public int size() {
            return size;
        }

        public int start(int i) {
            return starts[i];
        }

        public int end(int i) {
            return ends[i];
        }

        /** Whether {@code [start, end)} lies within {@code window} characters of an occurrence. */
        public boolean near(int start, int end, int window, int longestTerm) {
            // Occurrences starting after start + window cannot qualify; scan back from there.
            int lo = 0;
            int hi = size;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (starts[mid] <= start + window) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            for (int i = lo - 1; i >= 0; i--) {
                if (starts[i] + longestTerm + window < end) {
                    return false;
                }
                if (starts[i] - window <= start && end <= ends[i] + window) {
                    return true;
                }
            }
            return false;
        }
    }
}
