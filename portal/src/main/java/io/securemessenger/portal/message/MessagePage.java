package io.securemessenger.portal.message;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the portal's page of a sealed message shows — subject, from, to, cc, sent, body and the
 * attachments' ids, names and sizes — without the attachments' content. It is read once from the
 * whole message ({@link MessageView#page}) and kept sealed beside it as vault part {@link #PART}, under
 * the message's own key and destroyed with it, so that later views decrypt a few kilobytes
 * instead of parsing the whole MIME message. The HTML body is kept as written and sanitized when
 * read, so a stricter {@link HtmlSanitizer} applies to pages kept before it.
 */
public final class MessagePage {
    /** The id of the vault part that holds a message's page. */
    public static final String PART = "page";

    private static final int MAGIC = 0x534d5047; // "SMPG"
    private static final int VERSION = 1;

    private final Optional<String> subject;
    private final String from;
    private final String to;
    private final String cc;
    private final Optional<Instant> sent;
    private final Optional<String> text;
    private final Optional<String> html;
    private final Optional<String> safeHtml;
    private final List<Listed> attachments;

    /** An attachment as the page lists it: its opaque id, its name and its decoded size. */
    public static final class Listed {
        private final String id;
        private final String name;
        private final long size;

        Listed(String id, String name, long size) {
            this.id = Objects.requireNonNull(id);
            this.name = Objects.requireNonNull(name);
            this.size = size;
        }

        public String id() {
            return id;
        }

        public String name() {
            return name;
        }

        public long size() {
            return size;
        }
    }

    MessagePage(Optional<String> subject, String from, String to, String cc, Optional<Instant> sent, Optional<String> text,
                        Optional<String> html, List<Listed> attachments) {
        this.subject = subject;
        this.from = from;
        this.to = to;
        this.cc = cc;
        this.sent = sent;
        this.text = text;
        this.html = html;
        this.safeHtml = html.map(HtmlSanitizer::sanitize);
        this.attachments = List.copyOf(attachments);
    }

    /** The subject without the trigger word (neutral when the DLP policy flagged it), when the sender's summary had one. */
    public Optional<String> subject() {
        return subject;
    }

    public String from() {
        return from;
    }

    public String to() {
        return to;
    }

    public String cc() {
        return cc;
    }

    public Optional<Instant> sent() {
        return sent;
    }

    /** The plain-text body, when the message has one and no HTML one. */
    public Optional<String> text() {
        return safeHtml.isPresent() ? Optional.empty() : text;
    }

    /** The HTML body, sanitized. */
    public Optional<String> safeHtml() {
        return safeHtml;
    }

    public List<Listed> attachments() {
        return attachments;
    }

    /** The page as the bytes that are sealed. */
    public InputStream toStream() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            writeOptional(out, subject);
            writeString(out, from);
            writeString(out, to);
            writeString(out, cc);
            out.writeBoolean(sent.isPresent());
            if (sent.isPresent()) {
                out.writeLong(sent.get().getEpochSecond());
                out.writeInt(sent.get().getNano());
            }
            writeOptional(out, text);
            writeOptional(out, html);
            out.writeInt(attachments.size());
            for (Listed a : attachments) {
                writeString(out, a.id);
                writeString(out, a.name);
                out.writeLong(a.size);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Writing to memory cannot fail", e);
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }

    /** Reads what {@link #toStream()} wrote; an {@link IOException} for anything else, or another version. */
    public static MessagePage read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        try {
            if (in.readInt() != MAGIC) {
                throw new IOException("This is not a message page");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException("Message page version " + version + " is not known to this release");
            }
            Optional<String> subject = readOptional(in);
            String from = readString(in);
            String to = readString(in);
            String cc = readString(in);
            Optional<Instant> sent = in.readBoolean() ? Optional.of(Instant.ofEpochSecond(in.readLong(), in.readInt())) : Optional.empty();
            Optional<String> text = readOptional(in);
            Optional<String> html = readOptional(in);
            int count = in.readInt();
            if (count < 0 || count > 100_000) {
                throw new IOException("The message page is malformed: " + count + " attachments");
            }
            List<Listed> attachments = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                attachments.add(new Listed(readString(in), readString(in), in.readLong()));
            }
            if (in.read() != -1) {
                throw new IOException("The message page is malformed: bytes after its end");
            }
            return new MessagePage(subject, from, to, cc, sent, text, html, attachments);
        } catch (EOFException e) {
            throw new IOException("The message page is truncated", e);
        } catch (RuntimeException e) {
            throw new IOException("The message page is malformed: " + e.getClass().getSimpleName(), e);
        }
    }

    private static void writeOptional(DataOutputStream out, Optional<String> value) throws IOException {
        out.writeBoolean(value.isPresent());
        if (value.isPresent()) {
            writeString(out, value.get());
        }
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static Optional<String> readOptional(DataInputStream in) throws IOException {
        return in.readBoolean() ? Optional.of(readString(in)) : Optional.empty();
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new IOException("The message page is malformed: a length of " + length);
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
