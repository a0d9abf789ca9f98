package io.securemessenger.dlp;

import java.util.Objects;

/** A piece of text taken from a message, with where it came from. */
public final class Segment {
    private final Location location;
    private final String text;

    private Segment(Location location, String text) {
        this.location = Objects.requireNonNull(location);
        this.text = Objects.requireNonNull(text);
    }

    public static Segment of(Location location, String text) {
        return new Segment(location, text);
    }

    public Location location() {
        return location;
    }

    public String text() {
        return text;
    }
}
