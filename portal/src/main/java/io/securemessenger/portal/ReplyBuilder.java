package io.securemessenger.portal;

import io.securemessenger.portal.message.MessageView;
import io.securemessenger.vault.account.AccountStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import javax.mail.Address;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.Part;

/** A reply written on the portal, as a MIME message: who it goes to, its text and its attachments. */
final class ReplyBuilder {
    /** One mail session for building and parsing messages: each new one reads every jar's javamail.providers. */
    private static final Session MESSAGES = Session.getInstance(new Properties());

    private static final SecureRandom RANDOM = new SecureRandom();

    private ReplyBuilder() {
    }

    /** A file attached to the reply. */
    static final class Upload {
        private final String name;
        private final String contentType;
        private final byte[] content;

        Upload(String name, String contentType, byte[] content) {
            this.name = name;
            this.contentType = contentType;
            this.content = content;
        }

        String name() {
            return name;
        }

        byte[] content() {
            return content;
        }
    }

    /** The reply is larger than the portal accepts. */
    static final class TooLarge extends Exception {
        TooLarge() {
            super("reply too large");
        }
    }

    /** The attached files of a multipart form (field {@code attachments}), none when there are none. */
    static List<Upload> uploads(HttpServletRequest request, long maxBytes) throws IOException, TooLarge {
        String type = Optional.ofNullable(request.getContentType()).orElse("");
        if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            return List.of();
        }
        List<Upload> uploads = new ArrayList<>();
        long total = 0;
        try {
            for (Part part : request.getParts()) {
                if (!part.getName().equals("attachments") || part.getSubmittedFileName() == null || part.getSubmittedFileName().isBlank()) {
                    continue;
                }
                total += part.getSize();
                if (total > maxBytes) {
                    throw new TooLarge();
                }
                byte[] content;
                try (InputStream in = part.getInputStream()) {
                    content = in.readAllBytes();
                }
                uploads.add(new Upload(safeName(part.getSubmittedFileName()), Optional.ofNullable(part.getContentType()).orElse("application/octet-stream"),
                    content));
            }
        } catch (IllegalStateException e) {
            // Jetty: the request went over the multipart size limits.
            throw new TooLarge();
        } catch (ServletException e) {
            throw new IOException("The reply form could not be read", e);
        }
        return uploads;
    }

    /** The file name without any path, control characters or quotes. */
    static String safeName(String submitted) {
        String name = submitted.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\"]", "").strip();
        return name.isEmpty() || name.equals(".") || name.equals("..") ? "attachment" : name;
    }

    /** Reply: the sender. Reply all: the sender and everyone the message went to, except the person replying. */
    static List<String> recipients(String sender, MessageView original, String principal, boolean all) {
        Set<String> recipients = new LinkedHashSet<>();
        recipients.add(sender);
        if (all) {
            try {
                for (Message.RecipientType type : List.of(Message.RecipientType.TO, Message.RecipientType.CC)) {
                    Address[] addresses = original.message().getRecipients(type);
                    if (addresses != null) {
                        for (Address address : addresses) {
                            if (address instanceof InternetAddress) {
                                recipients.add(((InternetAddress) address).getAddress());
                            }
                        }
                    }
                }
            } catch (MessagingException e) {
                // Unreadable recipient headers: the reply still goes to the sender.
            }
        }
        List<String> result = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (String recipient : recipients) {
            String key = AccountStore.normalise(recipient);
            if (!key.equals(principal) && seen.add(key)) {
                result.add(recipient);
            }
        }
        return result;
    }

    static MimeMessage build(String from, String name, List<String> recipients, String subject, String text, List<Upload> uploads,
                             MessageView original, Instant now) throws MessagingException, UnsupportedEncodingException {
        MimeMessage reply = new MimeMessage(MESSAGES);
        reply.setFrom(name.isBlank() ? new InternetAddress(from) : new InternetAddress(from, name, "UTF-8"));
        reply.setRecipient(Message.RecipientType.TO, new InternetAddress(recipients.get(0)));
        for (String cc : recipients.subList(1, recipients.size())) {
            reply.addRecipient(Message.RecipientType.CC, new InternetAddress(cc));
        }
        reply.setSubject(subject, "UTF-8");
        reply.setSentDate(Date.from(now));
        String inReplyTo = original.message().getMessageID();
        if (inReplyTo != null) {
            reply.setHeader("In-Reply-To", inReplyTo);
            reply.setHeader("References", inReplyTo);
        }
        MimeBodyPart body = new MimeBodyPart();
        body.setText(text.isEmpty() ? "(see the attachments)" : text, "UTF-8");
        if (uploads.isEmpty()) {
            reply.setContent(new MimeMultipart(body));
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            mixed.addBodyPart(body);
            for (Upload upload : uploads) {
                MimeBodyPart part = new MimeBodyPart();
                // A data source, not setContent: javax.mail has no handler turning bytes into text/* parts.
                part.setDataHandler(new javax.activation.DataHandler(new javax.mail.util.ByteArrayDataSource(upload.content,
                    upload.contentType.matches("[\\w.+-]+/[\\w.+-]+") ? upload.contentType : "application/octet-stream")));
                part.setFileName(javax.mail.internet.MimeUtility.encodeText(upload.name, "UTF-8", null));
                part.setDisposition(javax.mail.Part.ATTACHMENT);
                mixed.addBodyPart(part);
            }
            reply.setContent(mixed);
        }
        reply.saveChanges();
        return reply;
    }

    static String opaqueId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
