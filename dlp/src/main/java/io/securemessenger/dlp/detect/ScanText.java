package io.securemessenger.dlp.detect;

/**
 * A piece of text being scanned, with what every rule of a policy shares: its number tokens and
 * the occurrences of the policy's keyword lists, each computed once, on first use.
 */
public final class ScanText {
    private final String text;
    private final KeywordIndex keywords;
    private KeywordSet.Occurrences[] occurrences;
    private NumberTokens numberTokens;
    private char[] chars;

    public ScanText(String text, KeywordIndex keywords) {
        this.text = text;
        this.keywords = keywords;
    }

    public String text() {
        return text;
    }

    public KeywordSet.Occurrences occurrences(KeywordSet set) {
        int index = keywords.indexOf(set);
        if (index < 0) {
            return set.find(text, 0, text.length());
        }
        index();
        return occurrences[index];
    }

    /** The text's characters, as the one pass read them; for {@link CharDetector}s, which must not change them. */
    public char[] chars() {
        if (chars == null) {
            chars = text.toCharArray();
        }
        return chars;
    }

    public NumberTokens numberTokens() {
        index();
        return numberTokens;
    }

    /** Keywords and number tokens come from the same single pass. */
    private void index() {
        if (occurrences == null) {
            numberTokens = NumberTokens.empty();
            occurrences = keywords.find(chars(), 0, text.length(), numberTokens);
        }
    }
}
