package io.securemessenger.dlp;

import io.securemessenger.dlp.detect.Detector;
import io.securemessenger.dlp.detect.KeywordSet;
import java.util.Objects;
import java.util.Optional;

/**
 * One condition of a policy: a detector, optionally only where one of a keyword list's terms is
 * within {@code window} characters, counted over the whole message against {@code minCount}.
 * The proximity condition is how identifier-plus-health-term combinations are written.
 */
public final class DlpRule {
    public static final int DEFAULT_WINDOW = 100;

    private final String id;
    private final Detector detector;
    private final Optional<KeywordSet> near;
    private final int window;
    private final int minCount;

    private DlpRule(String id, Detector detector, Optional<KeywordSet> near, int window, int minCount) {
        this.id = id;
        this.detector = detector;
        this.near = near;
        this.window = window;
        this.minCount = minCount;
    }

    public static Builder builder(String id, Detector detector) {
        return new Builder(id, detector);
    }

    public String id() {
        return id;
    }

    public Detector detector() {
        return detector;
    }

    public Optional<KeywordSet> near() {
        return near;
    }

    public int window() {
        return window;
    }

    public int minCount() {
        return minCount;
    }

    /** Builds a rule; values are checked here so that a bad policy fails at load. */
    public static final class Builder {
        private final String id;
        private final Detector detector;
        private Optional<KeywordSet> near = Optional.empty();
        private int window = DEFAULT_WINDOW;
        private int minCount = 1;

        private Builder(String id, Detector detector) {
            this.id = Objects.requireNonNull(id);
            this.detector = Objects.requireNonNull(detector);
        }

        public Builder near(KeywordSet keywords, int window) {
            if (window < 1) {
                throw new IllegalArgumentException("Rule '" + id + "': window must be at least 1, got " + window);
            }
            this.near = Optional.of(keywords);
            this.window = window;
            return this;
        }

        public Builder minCount(int minCount) {
            if (minCount < 1) {
                throw new IllegalArgumentException("Rule '" + id + "': min-count must be at least 1, got " + minCount);
            }
            this.minCount = minCount;
            return this;
        }

        public DlpRule build() {
            return new DlpRule(id, detector, near, window, minCount);
        }
    }
}
