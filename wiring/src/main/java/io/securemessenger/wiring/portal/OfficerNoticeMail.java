package io.securemessenger.wiring.portal;

import io.securemessenger.mailets.SecurePathSettings;
import io.securemessenger.mailets.notification.Outbox;
import io.securemessenger.portal.OfficerNotices;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import javax.inject.Inject;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import org.apache.james.core.MailAddress;
import org.apache.mailet.MailetContext;

/**
 * Mails the notice of an officer's emergency access to the other officers and the message's sender
 * (all of them the organisation's users), from the notifier address: who opened which sealed
 * message, when, and why; never its subject or content.
 */
public class OfficerNoticeMail implements OfficerNotices {
    private static final Session MESSAGES = Session.getInstance(new Properties());
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy 'at' HH:mm z", Locale.ENGLISH);

    private final SecurePathSettings settings;
    private final MailetContext mailetContext;
    private final Clock clock = Clock.systemDefaultZone();

    @Inject
    public OfficerNoticeMail(SecurePathSettings settings, MailetContext mailetContext) {
        this.settings = settings;
        this.mailetContext = mailetContext;
    }

    @Override
    public void emergencyAccess(List<String> recipients, String officer, String messageId, String sender, Instant sealedAt, String reason,
                                Instant openedAt) throws Exception {
        MailAddress from = Outbox.from(mailetContext, settings);
        for (String recipient : recipients) {
            MailAddress to = new MailAddress(recipient);
            MimeMessage notice = new MimeMessage(MESSAGES);
            notice.setFrom(from.toInternetAddress().orElseThrow());
            notice.setRecipient(javax.mail.Message.RecipientType.TO, new InternetAddress(recipient));
            notice.setSubject("Emergency access to a secure message by " + officer, "UTF-8");
            notice.setHeader("Auto-Submitted", "auto-generated");
            notice.setSentDate(java.util.Date.from(openedAt));
            notice.setText(String.join("\n",
                "A compliance officer opened the content of a secure message in an emergency.",
                "",
                "Officer:         " + officer,
                "Opened:          " + WHEN.format(openedAt.atZone(clock.getZone())),
                "Message id:      " + messageId,
                "Sent by:         " + sender,
                "Sealed:          " + WHEN.format(sealedAt.atZone(clock.getZone())),
                "Reason given:    " + reason,
                "",
                "You receive this notice because you " + (recipient.equalsIgnoreCase(sender) ? "sent this message." : "are a compliance officer.")
                    + " The access is recorded in the audit trail (EMERGENCY_ACCESS). If it was not justified, tell your security team.",
                ""), "UTF-8");
            notice.saveChanges();
            Outbox.send(mailetContext, settings, notice, to, List.of());
        }
    }
}
