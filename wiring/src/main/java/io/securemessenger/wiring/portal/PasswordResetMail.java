package io.securemessenger.wiring.portal;

import io.securemessenger.mailets.SecurePathSettings;
import io.securemessenger.mailets.notification.NotificationTemplates;
import io.securemessenger.mailets.notification.Outbox;
import io.securemessenger.portal.ResetMail;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import javax.inject.Inject;
import org.apache.james.core.MailAddress;
import org.apache.mailet.MailetContext;

/**
 * Mails the portal's password-reset link and hint (template {@code password-reset}) from the
 * notifier address, routed like a notification.
 */
public class PasswordResetMail implements ResetMail {
    private final NotificationTemplates templates;
    private final SecurePathSettings settings;
    private final MailetContext mailetContext;
    private final Clock clock = Clock.systemDefaultZone();

    @Inject
    public PasswordResetMail(NotificationTemplates templates, SecurePathSettings settings, MailetContext mailetContext) {
        this.templates = templates;
        this.settings = settings;
        this.mailetContext = mailetContext;
    }

    @Override
    public void send(String address, String hint, String link, Instant expires) throws Exception {
        MailAddress to = new MailAddress(address);
        Outbox.send(mailetContext, settings, templates.passwordReset(to.toInternetAddress().orElseThrow(), hint, link,
            expires.atZone(clock.getZone()), clock.instant().atZone(clock.getZone())), to,
            // Routed like a notification (no message content; STARTTLS when offered), never sealed: the
            // person cannot sign in to read a sealed reset mail.
            List.of(new org.apache.mailet.Attribute(io.securemessenger.mailets.SealToVault.NOTIFICATION, org.apache.mailet.AttributeValue.of(true))));
    }
}
