package io.securemessenger.wiring.portal;

import io.securemessenger.mailets.SecurePathSettings;
import io.securemessenger.mailets.notification.NotificationTemplates;
import io.securemessenger.mailets.notification.Outbox;
import io.securemessenger.portal.Receipts;
import io.securemessenger.vault.MessageSummary;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.delivery.Delivery;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.inject.Inject;
import javax.mail.internet.MimeMessage;
import org.apache.james.core.MailAddress;
import org.apache.mailet.MailetContext;

/**
 * The retrieval receipt (template {@code retrieval-receipt}): when a recipient first opens a
 * message on the portal, its sender is told who opened it and when, with the subject without
 * trigger word, the attachments and the sent time from the sealed summary. Sent through James from
 * the notifier address; a sealed mail with a null sender gets none.
 */
public class RetrievalReceipts implements Receipts {
    private final Vault vault;
    private final NotificationTemplates templates;
    private final SecurePathSettings settings;
    private final MailetContext mailetContext;
    private final Clock clock;

    @Inject
    public RetrievalReceipts(Vault vault, NotificationTemplates templates, SecurePathSettings settings, MailetContext mailetContext) {
        this(vault, templates, settings, mailetContext, Clock.systemDefaultZone());
    }

    public RetrievalReceipts(Vault vault, NotificationTemplates templates, SecurePathSettings settings, MailetContext mailetContext, Clock clock) {
        this.vault = vault;
        this.templates = templates;
        this.settings = settings;
        this.mailetContext = mailetContext;
        this.clock = clock;
    }

    @Override
    public void retrieved(Delivery delivery, Instant at) throws Exception {
        Optional<String> sender = vault.records().sender(delivery.messageId());
        if (sender.isEmpty()) {
            return;
        }
        MailAddress to = new MailAddress(sender.get());
        ZoneId zone = clock.getZone();
        Optional<MessageSummary> summary = vault.summary(delivery.messageId());
        List<NotificationTemplates.Attachment> attachments = summary.map(s -> s.attachments().stream()
            .map(a -> new NotificationTemplates.Attachment(a.name(), a.size())).collect(Collectors.toList())).orElse(List.of());
        MimeMessage receipt = templates.retrievalReceipt(to.toInternetAddress().orElseThrow(), delivery.recipient(), at.atZone(zone),
            summary.map(MessageSummary::quotableSubject).orElse("(subject not recorded)"), attachments,
            summary.map(s -> s.sentAt().atZone(zone)).orElse(delivery.createdAt().atZone(zone)), settings.sentItemsLink(), clock.instant().atZone(zone));
        Outbox.send(mailetContext, settings, receipt, to, List.of());
    }
}
