package io.securemessenger.mailets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

/**
 * Makes the {@code Status:} fields of a delivery status notification bare RFC 3464 status codes.
 * James' {@code DSNBounce} writes the whole remote reply there ({@code Status: 550 5.1.1 <x>: mailbox
 * unavailable}), which mail clients and parsers read as malformed; the reply stays in
 * {@code Diagnostic-Code} and in the human-readable part. A status without an enhanced code gets the
 * class of its reply code ({@code 5.0.0}, {@code 4.0.0}, {@code 2.0.0}). Other mail goes on untouched.
 * Placed first in {@code root} for the mail our mailets send:
 *
 * <pre>{@code <mailet match="SentByMailet" class="io.securemessenger.mailets.BareDsnStatus"/>}</pre>
 */
public class BareDsnStatus extends GenericMailet {
    private static final Pattern STATUS = Pattern.compile("(?mi)^(Status:[ \\t]*)(.*?)[ \\t]*$");
    private static final Pattern ENHANCED = Pattern.compile("\\b([245])\\.(\\d{1,3})\\.(\\d{1,3})\\b");
    private static final Pattern BARE = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");
    private static final Pattern BASIC = Pattern.compile("^([245])\\d\\d\\b");

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of());
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        if (!message.isMimeType("multipart/report")
            || !"delivery-status".equalsIgnoreCase(new ContentType(message.getContentType()).getParameter("report-type"))) {
            return;
        }
        try {
            MimeMultipart report = (MimeMultipart) message.getContent();
            boolean changed = false;
            for (int i = 0; i < report.getCount(); i++) {
                BodyPart part = report.getBodyPart(i);
                if (!part.isMimeType("message/delivery-status")) {
                    continue;
                }
                String fields;
                try (InputStream in = part.getInputStream()) {
                    fields = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                }
                String bare = bareStatuses(fields);
                if (!bare.equals(fields)) {
                    // As DSNBounce writes it: text content, then the report type (no handler knows message/delivery-status).
                    part.setContent(bare, "text/plain; charset=us-ascii");
                    part.setHeader("Content-Type", "message/delivery-status");
                    changed = true;
                }
            }
            if (changed) {
                message.setContent(report);
                message.saveChanges();
            }
        } catch (IOException e) {
            throw new MessagingException("The delivery status notification could not be read", e);
        }
    }

    /** The fields with every {@code Status:} value reduced to its status code. */
    static String bareStatuses(String fields) {
        Matcher status = STATUS.matcher(fields);
        StringBuilder out = new StringBuilder();
        while (status.find()) {
            String value = status.group(2);
            status.appendReplacement(out, Matcher.quoteReplacement(status.group(1) + code(value)));
        }
        status.appendTail(out);
        return out.toString();
    }

    private static String code(String value) {
        if (BARE.matcher(value).matches()) {
            return value;
        }
        Matcher enhanced = ENHANCED.matcher(value);
        if (enhanced.find()) {
            return enhanced.group();
        }
        Matcher basic = BASIC.matcher(value.strip());
        return (basic.find() ? basic.group(1) : "5") + ".0.0";
    }

    @Override
    public String getMailetInfo() {
        return "Secure Messenger: bare status codes in delivery status notifications";
    }
}
