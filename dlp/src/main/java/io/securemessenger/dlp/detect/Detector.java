package io.securemessenger.dlp.detect;

/**
 * Finds one kind of sensitive identifier in text. Implementations validate what they report
 * (checksums, invalid ranges) so that a match is a real candidate, not a look-alike.
 *
 * <p>Detectors are stateless and thread-safe. They never log or keep what they find.
 */
public interface Detector {

    /** Stable identifier used in policies, e.g. {@code us-ssn}. */
    String id();

    /**
     * Reports every match that lies entirely within {@code [from, to)} of {@code text}.
     */
    void find(CharSequence text, int from, int to, MatchSink sink);

    /**
     * Whether a report may show the last characters of a match ({@code ***-**-6789}). Detectors
     * whose tail is itself sensitive (the year of a date of birth) answer false.
     */
    default boolean revealsTail() {
        return true;
    }

    /** Receives matches as offsets into the scanned text. */
    @FunctionalInterface
    interface MatchSink {
        void match(int start, int end);
    }
}
