package io.securemessenger.dlp;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.sax.BodyContentHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a MIME message into the text segments the scanner reads: the decoded subject, every
 * plain and HTML body (HTML as text), and the text of attachments that carry any (PDF, Word,
 * Excel, PowerPoint, RTF, HTML, CSV, plain text), nested messages included.
 *
 * <p>Bounded: at most {@code maxCharsPerPart} characters are taken from one part and nesting
 * deeper than {@link #MAX_DEPTH} is not followed; what cannot be read is counted, not fatal.
 */
public final class MessageTextExtractor {
    public static final int DEFAULT_MAX_CHARS_PER_PART = 5 * 1024 * 1024;
    static final int MAX_DEPTH = 20;
    private static final Logger LOGGER = LoggerFactory.getLogger(MessageTextExtractor.class);

    private final Parser parser;
    private final int maxCharsPerPart;

    public MessageTextExtractor() {
        this(DEFAULT_MAX_CHARS_PER_PART);
    }

    public MessageTextExtractor(int maxCharsPerPart) {
        // Tika finds its parsers through the class loader that loaded us: in a stock James that is
        // the extensions class loader, not the thread's context loader.
        this.parser = new AutoDetectParser(tikaConfig());
        this.maxCharsPerPart = maxCharsPerPart;
    }

    private static TikaConfig tikaConfig() {
        try {
            return new TikaConfig(MessageTextExtractor.class.getClassLoader());
        } catch (org.apache.tika.mime.MimeTypeException | IOException e) {
            throw new IllegalStateException("Tika's media type registry cannot be loaded", e);
        }
    }

    public ExtractedMessage extract(MimeMessage message) {
        Walk walk = new Walk();
        walk.segments.add(Segment.of(Location.SUBJECT, subject(message)));
        walk.visit(message, 0);
        return ExtractedMessage.of(walk.segments, walk.unscanned);
    }

    /** The subject decoded (RFC 2047) and unfolded; empty when absent or unreadable. */
    public static String subject(MimeMessage message) {
        try {
            String raw = message.getHeader("Subject", null);
            if (raw == null) {
                return "";
            }
            String unfolded = MimeUtility.unfold(raw);
            try {
                return MimeUtility.decodeText(unfolded);
            } catch (IOException | RuntimeException e) {
                return unfolded;
            }
        } catch (MessagingException e) {
            return "";
        }
    }

    private final class Walk {
        private final List<Segment> segments = new ArrayList<>();
        private int unscanned;
        private int textBodies;
        private int htmlBodies;
        private int attachments;

        void visit(Part part, int depth) {
            if (depth > MAX_DEPTH) {
                unscanned++;
                return;
            }
            try {
                String type = baseType(part);
                if (type.startsWith("multipart/")) {
                    Object content = part.getContent();
                    if (content instanceof Multipart) {
                        Multipart multipart = (Multipart) content;
                        for (int i = 0; i < multipart.getCount(); i++) {
                            BodyPart child = multipart.getBodyPart(i);
                            visit(child, depth + 1);
                        }
                        return;
                    }
                    unscanned++;
                    return;
                }
                if (type.equals("message/rfc822")) {
                    Object content = part.getContent();
                    if (content instanceof MimeMessage) {
                        MimeMessage nested = (MimeMessage) content;
                        segments.add(Segment.of(Location.textBody(++textBodies), subject(nested)));
                        visit(nested, depth + 1);
                        return;
                    }
                }
                boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(disposition(part)) || part.getFileName() != null;
                if (!attachment && type.equals("text/plain")) {
                    segments.add(Segment.of(Location.textBody(++textBodies), text(part)));
                } else if (!attachment && type.equals("text/html")) {
                    segments.add(Segment.of(Location.htmlBody(++htmlBodies), viaTika(part, "text/html")));
                } else {
                    segments.add(Segment.of(Location.attachment(++attachments, type), viaTika(part, type)));
                }
            } catch (MessagingException | IOException | RuntimeException | TextUnavailable e) {
                // The part's content is never logged, only the fact and the kind of failure.
                LOGGER.debug("Could not extract text from a message part: {}", e.getClass().getSimpleName());
                unscanned++;
            }
        }

        private String text(Part part) throws IOException, MessagingException, TextUnavailable {
            Object content = part.getContent();
            if (content instanceof String) {
                String s = (String) content;
                return s.length() > maxCharsPerPart ? s.substring(0, maxCharsPerPart) : s;
            }
            return viaTika(part, "text/plain");
        }

        private String viaTika(Part part, String type) throws IOException, MessagingException, TextUnavailable {
            BodyContentHandler handler = new BodyContentHandler(maxCharsPerPart);
            Metadata metadata = new Metadata();
            metadata.set(Metadata.CONTENT_TYPE, type);
            try (InputStream in = part.getInputStream()) {
                parser.parse(in, handler, metadata, new ParseContext());
            } catch (org.xml.sax.SAXException e) {
                if (!WriteLimitReachedException.isWriteLimitReached(e)) {
                    throw new TextUnavailable();
                }
            } catch (org.apache.tika.exception.TikaException e) {
                throw new TextUnavailable();
            }
            return handler.toString();
        }
    }

    private static String baseType(Part part) throws MessagingException {
        String contentType = part.getContentType();
        if (contentType == null) {
            return "text/plain";
        }
        int semicolon = contentType.indexOf(';');
        String base = (semicolon >= 0 ? contentType.substring(0, semicolon) : contentType).trim().toLowerCase(Locale.ROOT);
        return base.isEmpty() ? "text/plain" : base;
    }

    private static String disposition(Part part) {
        try {
            return part.getDisposition();
        } catch (MessagingException e) {
            return null;
        }
    }

    private static final class TextUnavailable extends Exception {
        private static final long serialVersionUID = 1L;

        TextUnavailable() {
            super(null, null, false, false);
        }
    }
}
