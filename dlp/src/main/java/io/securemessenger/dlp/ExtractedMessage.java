package io.securemessenger.dlp;

import java.util.List;

/** The text segments of a message, and how many of its parts could not be read as text. */
public final class ExtractedMessage {
    private final List<Segment> segments;
    private final int unscannedParts;

    private ExtractedMessage(List<Segment> segments, int unscannedParts) {
        this.segments = List.copyOf(segments);
        this.unscannedParts = unscannedParts;
    }

    public static ExtractedMessage of(List<Segment> segments, int unscannedParts) {
        return new ExtractedMessage(segments, unscannedParts);
    }

    public List<Segment> segments() {
        return segments;
    }

    public int unscannedParts() {
        return unscannedParts;
    }
}
