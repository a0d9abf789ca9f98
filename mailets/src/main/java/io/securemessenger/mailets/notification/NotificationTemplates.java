package io.securemessenger.mailets.notification;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

/**
 * The editable templates of the mail Secure Messenger writes (in {@code james-conf/notification-templates/},
 * Mustache: {@code {{x}}} is HTML-escaped in the .html templates, {@code {{{x}}}} is used in the .txt
 * ones) and their rendering into multipart/alternative messages. The values given to a template
 * never include message content: only what the seed documents list (subject without trigger word,
 * names, addresses, dates, attachment names and sizes for the sender).
 */
public final class NotificationTemplates {
    /** One mail session for building and parsing messages: each new one reads every jar's javamail.providers. */
    private static final Session MESSAGES = Session.getInstance(new Properties());

    static final String RECIPIENT = "recipient-notification";
    static final String CONFIRMATION = "sender-confirmation";
    static final String EXPIRY_WARNING = "expiry-warning";
    static final String NOTIFIER_REPLY = "notifier-reply";
    static final String RETRIEVAL_RECEIPT = "retrieval-receipt";
    static final String PASSWORD_RESET = "password-reset";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy 'at' HH:mm z", Locale.ENGLISH);

    private final Map<String, Mustache> templates;
    private final Branding branding;

    private NotificationTemplates(Map<String, Mustache> templates, Branding branding) {
        this.templates = templates;
        this.branding = branding;
    }

    /** Compiles the templates of {@code directory}; a missing or broken one is an error naming it. */
    public static NotificationTemplates load(Path directory, Branding branding) throws IOException {
        DefaultMustacheFactory factory = new DefaultMustacheFactory();
        Map<String, Mustache> templates = new HashMap<>();
        for (String name : List.of(RECIPIENT, CONFIRMATION, EXPIRY_WARNING, NOTIFIER_REPLY, RETRIEVAL_RECEIPT, PASSWORD_RESET)) {
            for (String kind : List.of("txt", "html")) {
                String file = name + "." + kind + ".mustache";
                Path path = directory.resolve(file);
                if (!Files.isRegularFile(path)) {
                    throw new IOException("Notification template " + path + " is missing");
                }
                try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                    templates.put(name + "." + kind, factory.compile(reader, file));
                } catch (RuntimeException e) {
                    throw new IOException("Notification template " + path + " cannot be compiled: " + e.getMessage(), e);
                }
            }
        }
        return new NotificationTemplates(templates, branding);
    }

    /**
     * The notice telling an outside recipient that a secure message waits, with its link. An empty
     * {@code subject} means it must not be shown (PHI was found in it): a neutral one is used.
     */
    public MimeMessage recipientNotification(InternetAddress recipient, String senderName, String senderAddress, java.util.Optional<String> subject,
                                             String link, ZonedDateTime expires, ZonedDateTime now) throws MessagingException {
        String neutral = "Secure message from " + senderName;
        Map<String, Object> values = common();
        values.put("senderName", senderName);
        values.put("senderAddress", senderAddress);
        values.put("subject", subject.orElse(neutral));
        values.put("link", link);
        values.put("expires", WHEN.format(expires));
        return message(RECIPIENT, values, recipient, subject.map(shown -> neutral + ": " + shown).orElse(neutral), now);
    }

    /** An attachment as the sender's confirmation lists it. */
    public static final class Attachment {
        private final String name;
        private final long bytes;
        private final String size;

        public Attachment(String name, long bytes) {
            this.name = name;
            this.bytes = bytes;
            this.size = humanSize(bytes);
        }

        public long bytes() {
            return bytes;
        }

        public String name() {
            return name;
        }

        public String size() {
            return size;
        }
    }

    /** The confirmation to the sender that the message left securely. */
    public MimeMessage senderConfirmation(InternetAddress sender, String subject, List<String> recipients, List<Attachment> attachments,
                                          boolean neutralSubject, boolean tlsFallback, ZonedDateTime sentAt, String sentItemsLink,
                                          ZonedDateTime now)
        throws MessagingException {
        Map<String, Object> values = common();
        values.put("subject", subject);
        values.put("recipients", new ArrayList<>(recipients));
        values.put("attachments", new ArrayList<>(attachments));
        values.put("neutralSubject", neutralSubject);
        values.put("tlsFallback", tlsFallback);
        values.put("sentAt", WHEN.format(sentAt));
        values.put("sentItemsLink", sentItemsLink);
        return message(CONFIRMATION, values, sender, "Sent securely: " + subject, now);
    }

    /** The warning to a sender that a message nobody has opened will soon be destroyed. */
    public MimeMessage expiryWarning(InternetAddress sender, String subject, List<String> unreadBy, ZonedDateTime sentAt,
                                     ZonedDateTime expires, String sentItemsLink, ZonedDateTime now) throws MessagingException {
        Map<String, Object> values = common();
        values.put("subject", subject);
        values.put("recipients", new ArrayList<>(unreadBy));
        values.put("sentAt", WHEN.format(sentAt));
        values.put("expires", WHEN.format(expires));
        values.put("sentItemsLink", sentItemsLink);
        return message(EXPIRY_WARNING, values, sender, "Unread secure message expires soon: " + subject, now);
    }

    /**
     * The automatic answer (RFC 3834) to someone who wrote to the notifier address: nothing was
     * delivered, reply on the portal. It never quotes what they wrote.
     */
    public MimeMessage notifierReply(InternetAddress to, Optional<String> inReplyTo, ZonedDateTime now) throws MessagingException {
        Map<String, Object> values = common();
        values.put("notifierAddress", branding.from().getAddress());
        MimeMessage answer = message(NOTIFIER_REPLY, values, to, "Please reply on the secure website: your email was not delivered", now);
        answer.setHeader("Auto-Submitted", "auto-replied");
        if (inReplyTo.isPresent()) {
            answer.setHeader("In-Reply-To", inReplyTo.get());
            answer.setHeader("References", inReplyTo.get());
        }
        answer.saveChanges();
        return answer;
    }

    /** The receipt telling a sender that a recipient opened the message, and when. */
    public MimeMessage retrievalReceipt(InternetAddress sender, String recipient, ZonedDateTime retrievedAt, String subject,
                                        List<Attachment> attachments, ZonedDateTime sentAt, String sentItemsLink, ZonedDateTime now)
        throws MessagingException {
        Map<String, Object> values = common();
        values.put("recipient", recipient);
        values.put("retrievedAt", WHEN.format(retrievedAt));
        values.put("subject", subject);
        values.put("attachments", new ArrayList<>(attachments));
        values.put("sentAt", WHEN.format(sentAt));
        values.put("sentItemsLink", sentItemsLink);
        return message(RETRIEVAL_RECEIPT, values, sender, "Opened by " + recipient + ": " + subject, now);
    }

    /** The password-reset mail: the hint phrase and the single-use link. */
    public MimeMessage passwordReset(InternetAddress to, String hint, String link, ZonedDateTime expires, ZonedDateTime now)
        throws MessagingException {
        Map<String, Object> values = common();
        values.put("address", to.getAddress());
        values.put("hint", hint);
        values.put("link", link);
        values.put("expires", WHEN.format(expires));
        return message(PASSWORD_RESET, values, to, "Choose a new password for " + branding.organisation() + " Secure Messenger", now);
    }

    private Map<String, Object> common() {
        Map<String, Object> values = new HashMap<>();
        values.put("organisation", branding.organisation());
        values.put("colour", branding.colour());
        values.put("portalAddress", branding.portalAddress());
        return values;
    }

    private MimeMessage message(String template, Map<String, Object> values, InternetAddress to, String subject, ZonedDateTime now)
        throws MessagingException {
        MimeMessage message = new MimeMessage(MESSAGES);
        message.setFrom(branding.from());
        message.setRecipient(Message.RecipientType.TO, to);
        message.setSubject(subject, "UTF-8");
        message.setSentDate(Date.from(now.toInstant()));
        message.setHeader("Auto-Submitted", "auto-generated");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(textPart(render(template + ".txt", values), "plain"));
        alternative.addBodyPart(textPart(render(template + ".html", values), "html"));
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }

    /**
     * A UTF-8 text part whose transfer encoding is chosen here from the text: left to JavaMail,
     * {@code saveChanges} renders every part a second time to choose it (a tenth of the CPU a
     * sealed mail cost in a profile of the relay harness).
     */
    private static MimeBodyPart textPart(String content, String subtype) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setText(content, "UTF-8", subtype);
        part.setHeader("Content-Transfer-Encoding", transferEncoding(content));
        return part;
    }

    /** {@code 7bit} for ASCII text whose lines SMTP carries as they are (at most 998 characters), else {@code quoted-printable}. */
    static String transferEncoding(String text) {
        int lineLength = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lineLength = 0;
            } else if (c >= 128 || c == 0 || ++lineLength > 998) {
                return "quoted-printable";
            }
        }
        return "7bit";
    }

    private String render(String name, Map<String, Object> values) {
        StringWriter out = new StringWriter();
        templates.get(name).execute(out, values);
        return out.toString();
    }

    static String humanSize(long bytes) {
        return io.securemessenger.vault.Sizes.human(bytes);
    }
}
