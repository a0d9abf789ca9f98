package io.securemessenger.dlp;

import java.util.Objects;

/**
 * Where in a message text was found. Attachments are named by their position and media type,
 * never by file name, since file names often carry patient names.
 */
public final class Location {
    /** The part of a message a location refers to. */
    public enum Kind {
        SUBJECT("subject"),
        TEXT_BODY("text-body"),
        HTML_BODY("html-body"),
        ATTACHMENT("attachment"),
        /** Parts whose text could not be extracted, counted together. */
        UNREADABLE("unreadable-parts");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public static final Location SUBJECT = new Location(Kind.SUBJECT, 0, "");
    public static final Location UNREADABLE = new Location(Kind.UNREADABLE, 0, "");

    private final Kind kind;
    private final int index;
    private final String mediaType;

    private Location(Kind kind, int index, String mediaType) {
        this.kind = kind;
        this.index = index;
        this.mediaType = mediaType;
    }

    public static Location textBody(int index) {
        return new Location(Kind.TEXT_BODY, index, "text/plain");
    }

    public static Location htmlBody(int index) {
        return new Location(Kind.HTML_BODY, index, "text/html");
    }

    public static Location attachment(int index, String mediaType) {
        return new Location(Kind.ATTACHMENT, index, mediaType);
    }

    public Kind kind() {
        return kind;
    }

    public boolean isSubject() {
        return kind == Kind.SUBJECT;
    }

    /** {@code subject}, {@code text-body#1}, {@code attachment#2(application/pdf)}. */
    @Override
    public String toString() {
        if (kind == Kind.SUBJECT || kind == Kind.UNREADABLE) {
            return kind.label();
        }
        if (kind == Kind.ATTACHMENT) {
            return kind.label() + "#" + index + "(" + mediaType + ")";
        }
        return kind.label() + "#" + index;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Location)) {
            return false;
        }
        Location that = (Location) o;
        return kind == that.kind && index == that.index && mediaType.equals(that.mediaType);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, index, mediaType);
    }
}
