package io.securemessenger.vault;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * What the sender may be shown of a sealed message without opening it whole: the subject without
 * the trigger word (and whether the DLP policy found protected information in it, in which case
 * mail that quotes the message uses {@link #quotableSubject()}), when it was sent, to whom, and the
 * attachments' names and sizes. It is sealed
 * with the message as part {@link #PART} (so it is as secret as the body) and read for the sender's
 * expiry warning and Sent Items.
 */
public final class MessageSummary {
    /** The id of the sealed part that holds the summary. */
    public static final String PART = "summary";
    /** What mail quotes instead of a subject the DLP policy flagged. */
    public static final String WITHHELD_SUBJECT = "(subject withheld: it contains protected information)";

    private final String subject;
    private final Instant sentAt;
    private final List<String> recipients;
    private final List<Attachment> attachments;
    private final boolean subjectFlagged;

    public MessageSummary(String subject, Instant sentAt, List<String> recipients, List<Attachment> attachments) {
        this(subject, sentAt, recipients, attachments, false);
    }

    private MessageSummary(String subject, Instant sentAt, List<String> recipients, List<Attachment> attachments, boolean subjectFlagged) {
        this.subject = Objects.requireNonNull(subject);
        this.sentAt = Objects.requireNonNull(sentAt);
        this.recipients = List.copyOf(recipients);
        this.attachments = List.copyOf(attachments);
        this.subjectFlagged = subjectFlagged;
    }

    /** The same summary, saying whether the DLP policy found protected information in the subject. */
    public MessageSummary withSubjectFlagged(boolean flagged) {
        return new MessageSummary(subject, sentAt, recipients, attachments, flagged);
    }

    /** An attachment's file name and decoded size in bytes. */
    public static final class Attachment {
        private final String name;
        private final long size;

        public Attachment(String name, long size) {
            this.name = Objects.requireNonNull(name);
            this.size = size;
        }

        public String name() {
            return name;
        }

        public long size() {
            return size;
        }
    }

    public String subject() {
        return subject;
    }

    /** Whether the DLP policy found protected information in the subject. */
    public boolean subjectFlagged() {
        return subjectFlagged;
    }

    /** The subject as mail about the message may quote it: {@link #WITHHELD_SUBJECT} when it was flagged. */
    public String quotableSubject() {
        return subjectFlagged ? WITHHELD_SUBJECT : subject;
    }

    public Instant sentAt() {
        return sentAt;
    }

    public List<String> recipients() {
        return recipients;
    }

    public List<Attachment> attachments() {
        return attachments;
    }

    /** The summary as the bytes that are sealed (UTF-8 properties). */
    public InputStream toStream() {
        Properties properties = new Properties();
        properties.setProperty("subject", subject);
        properties.setProperty("sent-at", sentAt.toString());
        properties.setProperty("subject-flagged", String.valueOf(subjectFlagged));
        properties.setProperty("recipients", String.valueOf(recipients.size()));
        for (int i = 0; i < recipients.size(); i++) {
            properties.setProperty("recipient." + i, recipients.get(i));
        }
        properties.setProperty("attachments", String.valueOf(attachments.size()));
        for (int i = 0; i < attachments.size(); i++) {
            properties.setProperty("attachment." + i + ".name", attachments.get(i).name());
            properties.setProperty("attachment." + i + ".size", String.valueOf(attachments.get(i).size()));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer writer = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
            properties.store(writer, null);
        } catch (IOException e) {
            throw new IllegalStateException("Writing to memory cannot fail", e);
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }

    /** Reads what {@link #toStream()} wrote. */
    public static MessageSummary read(InputStream in) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        try {
            List<String> recipients = new ArrayList<>();
            int recipientCount = Integer.parseInt(properties.getProperty("recipients", "0"));
            for (int i = 0; i < recipientCount; i++) {
                recipients.add(required(properties, "recipient." + i));
            }
            List<Attachment> attachments = new ArrayList<>();
            int attachmentCount = Integer.parseInt(properties.getProperty("attachments", "0"));
            for (int i = 0; i < attachmentCount; i++) {
                attachments.add(new Attachment(required(properties, "attachment." + i + ".name"),
                    Long.parseLong(required(properties, "attachment." + i + ".size"))));
            }
            // Summaries sealed before the flag existed have none: their subjects were never flagged.
            return new MessageSummary(required(properties, "subject"), Instant.parse(required(properties, "sent-at")),
                recipients, attachments, Boolean.parseBoolean(properties.getProperty("subject-flagged", "false")));
        } catch (RuntimeException e) {
            throw new IOException("The message summary is malformed: " + e.getClass().getSimpleName(), e);
        }
    }

    private static String required(Properties properties, String key) throws IOException {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IOException("The message summary lacks " + key);
        }
        return value;
    }
}
