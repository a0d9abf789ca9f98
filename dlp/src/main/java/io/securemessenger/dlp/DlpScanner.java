package io.securemessenger.dlp;

import io.securemessenger.dlp.detect.CharDetector;
import io.securemessenger.dlp.detect.Detector;
import io.securemessenger.dlp.detect.KeywordDetector;
import io.securemessenger.dlp.detect.KeywordSet;
import io.securemessenger.dlp.detect.ScanText;
import io.securemessenger.dlp.detect.TokenDetector;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a policy to the text segments of a message. Rules with a proximity condition look for
 * their keywords first and run their detector only in the windows around them, which gives the
 * same result as scanning everything and filtering, at a fraction of the cost.
 *
 * <p>Thread-safe; holds no state between scans.
 */
public final class DlpScanner {
    /** The rule id reported when a policy protects messages with parts it cannot read. */
    public static final String UNSCANNABLE_RULE = "unscannable-part";

    public DlpReport scan(DlpPolicy policy, List<Segment> segments) {
        return scan(policy, ExtractedMessage.of(segments, 0));
    }

    public DlpReport scan(DlpPolicy policy, ExtractedMessage message) {
        List<ScanText> texts = new ArrayList<>(message.segments().size());
        for (Segment segment : message.segments()) {
            texts.add(new ScanText(segment.text(), policy.keywordIndex()));
        }
        List<Finding> findings = new ArrayList<>();
        for (DlpRule rule : policy.rules()) {
            List<Finding> ruleFindings = new ArrayList<>();
            int total = 0;
            for (int i = 0; i < texts.size(); i++) {
                Counter counter = count(rule, texts.get(i));
                if (counter.count > 0) {
                    total += counter.count;
                    ruleFindings.add(new Finding(rule.id(), message.segments().get(i).location(), counter.count, counter.sample));
                }
            }
            if (total >= rule.minCount()) {
                findings.addAll(ruleFindings);
            }
        }
        if (policy.protectUnscannable() && message.unscannedParts() > 0) {
            findings.add(new Finding(UNSCANNABLE_RULE, Location.UNREADABLE, message.unscannedParts(), ""));
        }
        return new DlpReport(policy.name(), findings, message.unscannedParts());
    }

    private static Counter count(DlpRule rule, ScanText scanText) {
        String text = scanText.text();
        Counter counter = new Counter(text, rule.detector().revealsTail());
        if (rule.detector() instanceof KeywordDetector && rule.near().isEmpty()) {
            KeywordSet.Occurrences found = scanText.occurrences(((KeywordDetector) rule.detector()).keywords());
            for (int i = 0; i < found.size(); i++) {
                counter.match(found.start(i), found.end(i));
            }
            return counter;
        }
        if (rule.near().isEmpty()) {
            find(rule, scanText, 0, text.length(), counter::match);
            return counter;
        }
        KeywordSet keywords = rule.near().get();
        KeywordSet.Occurrences context = scanText.occurrences(keywords);
        int window = rule.window();
        int longest = keywords.longestTerm();
        // Merge the windows around the keywords and run the detector in each merged region.
        int i = 0;
        while (i < context.size()) {
            int from = Math.max(0, context.start(i) - window);
            int to = Math.min(text.length(), context.end(i) + window);
            int j = i + 1;
            while (j < context.size() && context.start(j) - window <= to) {
                to = Math.min(text.length(), Math.max(to, context.end(j) + window));
                j++;
            }
            find(rule, scanText, from, to, (start, end) -> {
                if (context.near(start, end, window, longest)) {
                    counter.match(start, end);
                }
            });
            i = j;
        }
        return counter;
    }

    /** Numeric detectors share the text's one tokenisation; others read the characters, as an array where they can. */
    private static void find(DlpRule rule, ScanText scanText, int from, int to, Detector.MatchSink sink) {
        if (rule.detector() instanceof TokenDetector) {
            ((TokenDetector) rule.detector()).find(scanText.text(), scanText.numberTokens(), from, to, sink);
        } else if (rule.detector() instanceof CharDetector) {
            ((CharDetector) rule.detector()).find(scanText.chars(), from, to, sink);
        } else {
            rule.detector().find(scanText.text(), from, to, sink);
        }
    }

    private static final class Counter {
        private final String text;
        private final boolean revealTail;
        private int count;
        private String sample;

        Counter(String text, boolean revealTail) {
            this.text = text;
            this.revealTail = revealTail;
        }

        void match(int start, int end) {
            if (count == 0) {
                sample = Masking.mask(text.subSequence(start, end), revealTail);
            }
            count++;
        }
    }
}
