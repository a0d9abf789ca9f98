package io.securemessenger.dlp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words that ask for a message to be sent securely ({@code ePHI:}, {@code PHI:},
 * {@code Secure:}, {@code [secure]}) and where they may stand in a subject.
 *
 * <p>In {@link Mode#PREFIX} mode a word must begin the subject, after any reply or forward
 * prefixes ({@code RE:}, {@code FW:}, {@code Fwd:}, {@code AW:}, {@code [EXT]}...), so that a
 * reply in a secure thread stays secure. In {@link Mode#CONTAINS} mode it may stand anywhere.
 * Matching is case-insensitive and on word boundaries; spaces around a trailing colon are
 * optional. {@link #strip(String)} removes the word, which every subject the product writes
 * must do.
 */
public final class TriggerWords {
    public static final List<String> DEFAULT_WORDS = List.of("ePHI:", "PHI:", "Secure:");

    /** Where in the subject a trigger word counts. */
    public enum Mode { PREFIX, CONTAINS }

    // Reply/forward markers of common mail clients and languages, and bracketed tags such as
    // [EXTERNAL] that gateways add in front.
    private static final Pattern REPLY_PREFIX = Pattern.compile(
        "^\\s*(?:(?:re|fw|fwd|aw|wg|sv|vs|tr|rv|enc|antw|doorst|ref|rif|odp|vl|atb|res)\\s*(?:\\[\\d+\\]|\\(\\d+\\))?\\s*[:：]"
            + "|\\[(?:ext|external|extern)\\]|\\*\\*?external\\*?\\*)\\s*",
        Pattern.CASE_INSENSITIVE);

    private final List<String> words;
    private final List<Pattern> patterns;
    private final Mode mode;

    private TriggerWords(List<String> words, Mode mode) {
        this.words = List.copyOf(words);
        this.mode = mode;
        this.patterns = new ArrayList<>();
        for (String word : words) {
            patterns.add(pattern(word));
        }
    }

    public static TriggerWords of(List<String> words, Mode mode) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("at least one trigger word is needed");
        }
        for (String word : words) {
            if (word.isBlank() || word.strip().equals(":")) {
                throw new IllegalArgumentException("'" + word + "' is not a usable trigger word");
            }
        }
        return new TriggerWords(words, mode);
    }

    public static TriggerWords defaults() {
        return of(DEFAULT_WORDS, Mode.PREFIX);
    }

    public List<String> words() {
        return words;
    }

    public Mode mode() {
        return mode;
    }

    /** The configured word found in the decoded subject, if any. */
    public Optional<String> find(String subject) {
        return locate(subject).map(Found::word);
    }

    /** The subject without the trigger word (and without the space that followed it). */
    public String strip(String subject) {
        Optional<Found> found = locate(subject);
        if (found.isEmpty()) {
            return subject;
        }
        Found f = found.get();
        String before = subject.substring(0, f.start);
        String after = subject.substring(f.end).stripLeading();
        String joined = before.isEmpty() || before.endsWith(" ") || after.isEmpty() ? before + after : before + " " + after;
        return joined.strip();
    }

    private Optional<Found> locate(String subject) {
        if (subject == null || subject.isEmpty()) {
            return Optional.empty();
        }
        int from = 0;
        if (mode == Mode.PREFIX) {
            Matcher prefix = REPLY_PREFIX.matcher(subject);
            while (prefix.region(from, subject.length()).lookingAt()) {
                from = prefix.end();
            }
        }
        for (int i = 0; i < patterns.size(); i++) {
            Matcher m = patterns.get(i).matcher(subject);
            m.region(from, subject.length());
            m.useTransparentBounds(true);
            boolean found = mode == Mode.PREFIX ? m.lookingAt() : m.find();
            if (found) {
                return Optional.of(new Found(words.get(i), m.start(), m.end()));
            }
        }
        return Optional.empty();
    }

    private Pattern pattern(String word) {
        String w = word.strip();
        StringBuilder regex = new StringBuilder();
        if (mode == Mode.PREFIX) {
            regex.append("\\s*");
        }
        boolean colon = w.endsWith(":") && w.length() > 1;
        String body = colon ? w.substring(0, w.length() - 1).strip() : w;
        if (Character.isLetterOrDigit(body.charAt(0))) {
            regex.append("(?<![\\p{L}\\p{N}])");
        }
        regex.append(Pattern.quote(body));
        if (colon) {
            regex.append("\\s*[:：]");
        } else if (Character.isLetterOrDigit(body.charAt(body.length() - 1))) {
            regex.append("(?![\\p{L}\\p{N}])");
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    @Override
    public String toString() {
        return mode.name().toLowerCase(Locale.ROOT) + ":" + words;
    }

    private static final class Found {
        private final String word;
        private final int start;
        private final int end;

        Found(String word, int start, int end) {
            this.word = word;
            this.start = start;
            this.end = end;
        }

        String word() {
            return word;
        }
    }
}
