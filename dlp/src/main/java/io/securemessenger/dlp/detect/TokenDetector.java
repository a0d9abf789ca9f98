package io.securemessenger.dlp.detect;

/**
 * A detector that classifies {@link NumberTokens} rather than reading characters, so that one
 * tokenisation of a text serves every numeric detector of a policy.
 */
public interface TokenDetector extends Detector {

    /** Reports the matches among the tokens lying within {@code [from, to)}. */
    void find(CharSequence text, NumberTokens tokens, int from, int to, MatchSink sink);

    @Override
    default void find(CharSequence text, int from, int to, MatchSink sink) {
        find(text, NumberTokens.scan(text, from, to), from, to, sink);
    }

    /** Calls {@code visitor} with the index of each token lying within {@code [from, to)}. */
    static void forEachToken(NumberTokens tokens, int from, int to, java.util.function.IntConsumer visitor) {
        for (int i = tokens.firstAtOrAfter(from); i < tokens.size() && tokens.end(i) <= to; i++) {
            visitor.accept(i);
        }
    }
}
