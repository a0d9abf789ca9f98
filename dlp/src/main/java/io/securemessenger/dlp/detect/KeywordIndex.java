package io.securemessenger.dlp.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the terms of several keyword lists in one pass over a text. A word of the text whose
 * length and first letter some term's first word has is hashed (case-insensitively) and looked up
 * among the first words of the terms; only then is the whole term compared in place. A policy
 * builds one index over all its keyword lists.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class KeywordIndex {
    private final List<KeywordSet> sets;
    private final long[] keys;
    private final Term[][] values;
    private final int mask;
    private final List<Term> unindexed;
    /**
     * Entry {@code min(length, 63)} has the {@link #charBit bit} of each first character of the
     * terms' first words of that length: a cheap test that rules out most words of a text before
     * the hash table is consulted.
     */
    private final long[] firstCharsByLength;
    /** Whether a term's first word starts with an ASCII digit: only then is a number of a text looked up. */
    private final boolean termStartingWithDigit;

    private KeywordIndex(List<KeywordSet> sets, long[] keys, Term[][] values, List<Term> unindexed, long[] firstCharsByLength,
        boolean termStartingWithDigit) {
        this.sets = sets;
        this.keys = keys;
        this.values = values;
        this.mask = keys.length - 1;
        this.unindexed = unindexed;
        this.firstCharsByLength = firstCharsByLength;
        this.termStartingWithDigit = termStartingWithDigit;
    }

    public static KeywordIndex of(List<KeywordSet> sets) {
        List<Term> indexed = new ArrayList<>();
        List<Term> unindexed = new ArrayList<>();
        long[] firstCharsByLength = new long[64];
        boolean termStartingWithDigit = false;
        for (int s = 0; s < sets.size(); s++) {
            for (String term : sets.get(s).terms()) {
                int firstWordEnd = 0;
                while (firstWordEnd < term.length() && TextIndex.isAlnum(term.charAt(firstWordEnd))) {
                    firstWordEnd++;
                }
                Term t = new Term(term, s, key(hash(term, 0, firstWordEnd), firstWordEnd));
                (firstWordEnd == 0 ? unindexed : indexed).add(t);
                if (firstWordEnd > 0) {
                    firstCharsByLength[Math.min(firstWordEnd, 63)] |= charBit(term.charAt(0));
                    termStartingWithDigit |= term.charAt(0) >= '0' && term.charAt(0) <= '9';
                }
            }
        }
        int capacity = Integer.highestOneBit(Math.max(16, indexed.size() * 4) - 1) << 1;
        long[] keys = new long[capacity];
        Term[][] values = new Term[capacity][];
        for (Term term : indexed) {
            int slot = (int) mix(term.key) & (capacity - 1);
            while (values[slot] != null && keys[slot] != term.key) {
                slot = (slot + 1) & (capacity - 1);
            }
            keys[slot] = term.key;
            Term[] existing = values[slot];
            Term[] grown = existing == null ? new Term[1] : java.util.Arrays.copyOf(existing, existing.length + 1);
            grown[grown.length - 1] = term;
            values[slot] = grown;
        }
        return new KeywordIndex(List.copyOf(sets), keys, values, List.copyOf(unindexed), firstCharsByLength, termStartingWithDigit);
    }

    /** Letters (either case) take bits 0-25, digits 26-35, other ASCII characters share 36-63. */
    private static long charBit(char c) {
        int bit;
        if (c >= 'a' && c <= 'z') {
            bit = c - 'a';
        } else if (c >= 'A' && c <= 'Z') {
            bit = c - 'A';
        } else if (c >= '0' && c <= '9') {
            bit = 26 + c - '0';
        } else {
            bit = 36 + c % 28;
        }
        return 1L << bit;
    }

    /**
     * False when no term's first word is {@code length} long and starts with {@code first}; true
     * may be a false positive. Characters beyond ASCII always pass: some lower-case to ASCII.
     */
    boolean mayStartTerm(char first, int length) {
        return first >= 128 || (firstCharsByLength[Math.min(length, 63)] & charBit(first)) != 0;
    }

    boolean hasTermStartingWithDigit() {
        return termStartingWithDigit;
    }

    /** Index of {@code set} in this index, or -1. */
    public int indexOf(KeywordSet set) {
        for (int i = 0; i < sets.size(); i++) {
            if (sets.get(i).id().equals(set.id()) && sets.get(i).terms().equals(set.terms())) {
                return i;
            }
        }
        return -1;
    }

    /** The occurrences of each keyword list within {@code [from, to)}, in the order the lists were given. */
    public KeywordSet.Occurrences[] find(CharSequence text, int from, int to) {
        return find(text.toString().toCharArray(), from, to, null);
    }

    /** As {@link #find(CharSequence, int, int)}, also collecting number tokens when {@code tokens} is given. */
    KeywordSet.Occurrences[] find(char[] text, int from, int to, NumberTokens tokens) {
        KeywordSet.Occurrences[] found = new KeywordSet.Occurrences[sets.size()];
        for (int s = 0; s < found.length; s++) {
            found[s] = new KeywordSet.Occurrences();
        }
        TextIndex.scan(text, from, to, this, found, tokens);
        for (Term term : unindexed) {
            for (int j = from; j + term.text.length() <= to; j++) {
                if ((j == 0 || !TextIndex.isAlnum(text[j - 1]) || !TextIndex.isAlnum(term.text.charAt(0)))
                    && matchesAt(text, j, to, term.text)) {
                    found[term.set].add(j, j + term.text.length());
                }
            }
        }
        if (!unindexed.isEmpty()) {
            for (KeywordSet.Occurrences occurrences : found) {
                occurrences.sort();
            }
        }
        return found;
    }

    /** Called by the text pass for each word {@code [start, end)} that {@link #mayStartTerm may start a term}. */
    void matchWord(char[] text, int start, int end, int to, KeywordSet.Occurrences[] found) {
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + lower(text[i]);
        }
        Term[] candidates = lookup(key(hash, end - start));
        if (candidates != null) {
            for (Term term : candidates) {
                if (matchesAt(text, start, to, term.text)) {
                    found[term.set].add(start, start + term.text.length());
                }
            }
        }
    }

    private Term[] lookup(long key) {
        int slot = (int) mix(key) & mask;
        while (values[slot] != null) {
            if (keys[slot] == key) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    /** Case-insensitive comparison of the term at {@code start}, ending on a word boundary. */
    private static boolean matchesAt(char[] text, int start, int to, String term) {
        int end = start + term.length();
        if (end > to) {
            return false;
        }
        for (int k = 0; k < term.length(); k++) {
            if (lower(text[start + k]) != term.charAt(k)) {
                return false;
            }
        }
        return end == text.length || !TextIndex.isAlnum(text[end]) || !TextIndex.isAlnum(term.charAt(term.length() - 1));
    }

    private static int hash(String s, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + lower(s.charAt(i));
        }
        return h;
    }

    private static long key(int hash, int length) {
        return ((long) hash << 32) | (length & 0xffffffffL);
    }

    private static long mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    static char lower(char c) {
        if (c < 128) {
            return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
        return Character.toLowerCase(c);
    }

    private static final class Term {
        private final String text;
        private final int set;
        private final long key;

        Term(String text, int set, long key) {
            this.text = text;
            this.set = set;
            this.key = key;
        }
    }
}
