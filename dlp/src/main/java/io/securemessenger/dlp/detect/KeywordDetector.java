package io.securemessenger.dlp.detect;

/** Reports each occurrence of a keyword list's terms, for rules such as "three or more of". */
public final class KeywordDetector implements Detector {
    private final KeywordSet keywords;

    public KeywordDetector(KeywordSet keywords) {
        this.keywords = keywords;
    }

    public KeywordSet keywords() {
        return keywords;
    }

    @Override
    public String id() {
        return "keywords:" + keywords.id();
    }

    @Override
    public void find(CharSequence text, int from, int to, MatchSink sink) {
        KeywordSet.Occurrences found = keywords.find(text, from, to);
        for (int i = 0; i < found.size(); i++) {
            sink.match(found.start(i), found.end(i));
        }
    }
}
