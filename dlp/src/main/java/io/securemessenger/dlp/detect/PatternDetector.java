package io.securemessenger.dlp.detect;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An organisation-defined identifier (a medical record number format, an account number)
 * given as a Java regular expression. Matching is case-insensitive.
 */
public final class PatternDetector implements Detector {
    private final String id;
    private final Pattern pattern;

    public PatternDetector(String id, Pattern pattern) {
        this.id = Objects.requireNonNull(id);
        this.pattern = Objects.requireNonNull(pattern);
    }

    public static PatternDetector of(String id, String regex) {
        return new PatternDetector(id, Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void find(CharSequence text, int from, int to, MatchSink sink) {
        Matcher m = pattern.matcher(text).region(from, to);
        m.useTransparentBounds(true);
        while (m.find()) {
            if (m.end() > m.start()) {
                sink.match(m.start(), m.end());
            }
        }
    }
}
