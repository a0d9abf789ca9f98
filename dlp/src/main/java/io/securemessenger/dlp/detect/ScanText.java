package io.securemessenger.dlp.detect;

import java.util.HashMap;
import java.util.Map;

/**
 * A piece of text being scanned, with its lower-cased form (same length, so offsets agree)
 * and the keyword positions found so far, computed once however many rules ask.
 */
public final class ScanText {
    private final String text;
    private String lowerCased;
    private final Map<String, KeywordSet.Occurrences> keywordCache = new HashMap<>();

    public ScanText(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public KeywordSet.Occurrences occurrences(KeywordSet keywords) {
        return keywordCache.computeIfAbsent(keywords.id(), id -> keywords.find(lowerCased(), 0, text.length()));
    }

    private String lowerCased() {
        if (lowerCased == null) {
            lowerCased = lowerCasePreservingLength(text);
        }
        return lowerCased;
    }

    static String lowerCasePreservingLength(CharSequence text) {
        char[] chars = new char[text.length()];
        for (int i = 0; i < chars.length; i++) {
            char c = text.charAt(i);
            chars[i] = c < 128 ? (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) : Character.toLowerCase(c);
        }
        return new String(chars);
    }
}
