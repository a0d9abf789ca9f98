package io.securemessenger.portal.message;

import io.securemessenger.vault.crypto.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import javax.mail.Address;
import javax.mail.BodyPart;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimePart;
import javax.mail.internet.MimeUtility;

/**
 * A sealed message read whole: its {@link #page} (who wrote it to whom and when, its body, the
 * attachments' names and sizes), its attachments' content under opaque ids, and the MIME message
 * itself for replies. Malformed
 * MIME gives what can be read and an explanation, never an error page. Attachment ids are derived
 * from the vault message id (never shown) and the part's position, so they cannot be guessed or
 * carried over to another message.
 */
public final class MessageView {
    /** One mail session for building and parsing messages: each new one reads every jar's javamail.providers. */
    private static final Session MESSAGES = Session.getInstance(new Properties());

    private static final int MAX_DEPTH = 20;

    private final MimeMessage message;
    private final String from;
    private final String to;
    private final String cc;
    private final Optional<Date> sent;
    private final Optional<String> text;
    private final Optional<String> html;
    private final List<Attachment> attachments;

    /** An attachment: opaque id, file name as given (for display), decoded size, and its part. */
    public static final class Attachment {
        private final String id;
        private final String name;
        private final long size;
        private final Part part;

        Attachment(String id, String name, long size, Part part) {
            this.id = id;
            this.name = name;
            this.size = size;
            this.part = part;
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

        /** The decoded content; the caller closes it. */
        public InputStream open() throws IOException {
            try {
                return part.getInputStream();
            } catch (MessagingException e) {
                throw new IOException("The attachment cannot be decoded", e);
            }
        }
    }

    private MessageView(MimeMessage message, String from, String to, String cc, Optional<Date> sent, Optional<String> text,
                        Optional<String> html, List<Attachment> attachments) {
        this.message = message;
        this.from = from;
        this.to = to;
        this.cc = cc;
        this.sent = sent;
        this.text = text;
        this.html = html;
        this.attachments = List.copyOf(attachments);
    }

    /** Reads the sealed MIME message of vault message {@code messageId}. */
    public static MessageView read(String messageId, InputStream mime) throws IOException {
        MimeMessage message;
        try {
            message = new MimeMessage(MESSAGES, mime);
        } catch (MessagingException e) {
            throw new IOException("The sealed message cannot be read as MIME", e);
        }
        Collector collector = new Collector(messageId);
        collector.walk(message, 0);
        return new MessageView(message, addresses(message, null), addresses(message, Message.RecipientType.TO),
            addresses(message, Message.RecipientType.CC), sentDate(message), collector.text, collector.html, collector.attachments);
    }

    /** What the portal's page shows of the message, with the subject its sender's summary holds, if any. */
    public MessagePage page(Optional<String> subject) {
        List<MessagePage.Listed> listed = new ArrayList<>();
        for (Attachment a : attachments) {
            listed.add(new MessagePage.Listed(a.id, a.name, a.size));
        }
        return new MessagePage(subject, from, to, cc, sent.map(Date::toInstant), text, html, listed);
    }

    public List<Attachment> attachments() {
        return attachments;
    }

    public Optional<Attachment> attachment(String id) {
        return attachments.stream().filter(a -> a.id.equals(id)).findFirst();
    }

    /** The original message, for replies. */
    public MimeMessage message() {
        return message;
    }

    private static String addresses(MimeMessage message, Message.RecipientType type) {
        try {
            Address[] addresses = type == null ? message.getFrom() : message.getRecipients(type);
            if (addresses == null) {
                return "";
            }
            return Arrays.stream(addresses).map(a -> a instanceof InternetAddress ? ((InternetAddress) a).toUnicodeString() : a.toString())
                .collect(Collectors.joining(", "));
        } catch (MessagingException e) {
            return "(unreadable)";
        }
    }

    private static Optional<Date> sentDate(MimeMessage message) {
        try {
            return Optional.ofNullable(message.getSentDate());
        } catch (MessagingException e) {
            return Optional.empty();
        }
    }

    private static final class Collector {
        private final String messageId;
        private Optional<String> text = Optional.empty();
        private Optional<String> html = Optional.empty();
        private final List<Attachment> attachments = new ArrayList<>();
        private int position;

        Collector(String messageId) {
            this.messageId = messageId;
        }

        void walk(Part part, int depth) {
            if (depth > MAX_DEPTH) {
                return;
            }
            position++;
            try {
                boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || part.getFileName() != null;
                if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart) {
                    Multipart multipart = (Multipart) part.getContent();
                    for (int i = 0; i < multipart.getCount(); i++) {
                        BodyPart child = multipart.getBodyPart(i);
                        walk(child, depth + 1);
                    }
                } else if (!attachment && part.isMimeType("text/plain") && text.isEmpty()) {
                    text = Optional.of(String.valueOf(part.getContent()));
                } else if (!attachment && part.isMimeType("text/html") && html.isEmpty()) {
                    html = Optional.of(String.valueOf(part.getContent()));
                } else if (!part.isMimeType("multipart/*")) {
                    add(part);
                }
            } catch (MessagingException | IOException | RuntimeException e) {
                text = Optional.of(text.orElse("") + "\n\n[Part of this message could not be read.]");
            }
        }

        private void add(Part part) throws MessagingException, IOException {
            String name = Optional.ofNullable(part.getFileName()).map(MessageView::decode).filter(n -> !n.isBlank())
                .orElse("attachment-" + (attachments.size() + 1));
            long size = decodedSize(part);
            String id = Digests.sha256Hex(messageId + "/part/" + position).substring(0, 32);
            attachments.add(new Attachment(id, name, size, part));
        }
    }

    private static final boolean[] BASE64_ALPHABET = new boolean[256];

    static {
        for (byte c : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(java.nio.charset.StandardCharsets.US_ASCII)) {
            BASE64_ALPHABET[c] = true;
        }
    }

    /**
     * The size of a part's content once decoded, without decoding it where its encoding allows:
     * base64 carries 6 bits per letter of its alphabet (the decoder skips anything else, line
     * breaks included), identity encodings carry their bytes. Quoted-printable and the rare others
     * are decoded. Every view shows every attachment's size, and decoding a large base64
     * attachment was most of a view's time.
     */
    static long decodedSize(Part part) throws MessagingException, IOException {
        String encoding = part instanceof MimePart ? ((MimePart) part).getEncoding() : null;
        String name = encoding == null ? "7bit" : encoding.strip().toLowerCase(java.util.Locale.ROOT);
        boolean base64 = name.equals("base64");
        if (!(part instanceof MimeBodyPart) || !(base64 || name.equals("7bit") || name.equals("8bit") || name.equals("binary"))) {
            try (InputStream in = part.getInputStream()) {
                return in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }
        try (InputStream raw = ((MimeBodyPart) part).getRawInputStream()) {
            if (!base64) {
                return raw.transferTo(java.io.OutputStream.nullOutputStream());
            }
            byte[] buffer = new byte[8192];
            long letters = 0;
            for (int n; (n = raw.read(buffer)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    if (BASE64_ALPHABET[buffer[i] & 0xff]) {
                        letters++;
                    }
                }
            }
            return letters * 6 / 8;
        }
    }

    private static String decode(String name) {
        try {
            return MimeUtility.decodeText(name);
        } catch (java.io.UnsupportedEncodingException e) {
            return name;
        }
    }
}
