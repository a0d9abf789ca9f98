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
 * The mail an officer's acts send: a recipient's notification sent again (template
 * {@code recipient-notification}, routed and tracked as {@code SealToVault} sends the first), and the
 * notice of an emergency access to the other officers and the message's sender (all of them the
 * organisation's users), from the notifier address: who opened which sealed message, when, and why;
 * never its subject or content.
 */
public class OfficerNoticeMail implements OfficerNotices {
    private static final Session MESSAGES = Session.getInstance(new Properties());
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy 'at' HH:mm z", Locale.ENGLISH);

    private final io.securemessenger.mailets.notification.NotificationTemplates templates;
    private final SecurePathSettings settings;
    private final MailetContext mailetContext;
    private final Clock clock = Clock.systemDefaultZone();

    @Inject
    public OfficerNoticeMail(io.securemessenger.mailets.notification.NotificationTemplates templates, SecurePathSettings settings,
                             MailetContext mailetContext) {
        this.templates = templates;
        this.settings = settings;
        this.mailetContext = mailetContext;
    }

    @Override
    public void resendNotification(String deliveryId, String recipient, String senderName, String senderAddress,
                                   java.util.Optional<String> subject, String link, Instant expires) throws Exception {
        MailAddress to = new MailAddress(recipient);
        MimeMessage notice = templates.recipientNotification(to.toInternetAddress().orElseThrow(), senderName, senderAddress, subject, link,
            expires.atZone(clock.getZone()), clock.instant().atZone(clock.getZone()));
        List<org.apache.mailet.Attribute> attributes = new java.util.ArrayList<>(List.of(
            new org.apache.mailet.Attribute(io.securemessenger.mailets.SealToVault.NOTIFICATION, org.apache.mailet.AttributeValue.of(true)),
            new org.apache.mailet.Attribute(io.securemessenger.mailets.SealToVault.DELIVERY, org.apache.mailet.AttributeValue.of(deliveryId))));
        if (!senderAddress.isBlank()) {
            attributes.add(new org.apache.mailet.Attribute(io.securemessenger.mailets.SealToVault.ORIGINAL_SENDER,
                org.apache.mailet.AttributeValue.of(senderAddress)));
        }
        // From the notifier's bounce address of this delivery, as the first one: a late bounce finds it.
        Outbox.send(mailetContext, java.util.Optional.of(Outbox.notifier(mailetContext, settings).bounceAddressFor(deliveryId)), notice, to,
            attributes, java.util.Optional.empty());
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
