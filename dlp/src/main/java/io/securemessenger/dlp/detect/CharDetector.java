package io.securemessenger.dlp.detect;

/**
 * A detector that reads the characters of a text itself (rather than its {@link NumberTokens}):
 * given the {@code char[]} the text's one pass already made, it reads array elements instead of
 * calling {@link CharSequence#charAt} on every position.
 */
public interface CharDetector extends Detector {

    /** Reports every match that lies entirely within {@code [from, to)} of {@code text}. */
    void find(char[] text, int from, int to, MatchSink sink);

    @Override
    default void find(CharSequence text, int from, int to, MatchSink sink) {
        find(text.toString().toCharArray(), from, to, sink);
    }
}
