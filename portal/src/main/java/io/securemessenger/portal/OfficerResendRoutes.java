package io.securemessenger.portal;

import io.securemessenger.vault.MessageSummary;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.audit.AuditAction;
import io.securemessenger.vault.delivery.Delivery;
import io.securemessenger.vault.delivery.DeliveryStatus;
import io.securemessenger.vault.delivery.LinkToken;
import io.securemessenger.vault.store.MessageRecords;
import io.securemessenger.vault.store.VaultException;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An officer sends a recipient's notification again (it was lost, or went to a mailbox the
 * recipient no longer reads): the delivery gets a new link, the old one stops opening the message,
 * and the new notification is sent, tracked and audited like the first.
 */
final class OfficerResendRoutes implements Routes {
    private static final Logger LOGGER = LoggerFactory.getLogger(OfficerResendRoutes.class);

    private final Vault vault;
    private final OfficerMessageRoutes messages;
    private final Threads threads;
    private final PortalConfig config;
    private final OfficerNotices notices;
    private final Clock clock;

    OfficerResendRoutes(Vault vault, OfficerMessageRoutes messages, Threads threads, PortalConfig config, OfficerNotices notices, Clock clock) {
        this.vault = vault;
        this.messages = messages;
        this.threads = threads;
        this.config = config;
        this.notices = notices;
        this.clock = clock;
    }

    @Override
    public void define(Router router) {
        router.post(OfficerMessageRoutes.MESSAGES + "/([A-Za-z0-9_-]{1,64})/resend", this::resend);
    }

    private void resend(Exchange exchange) throws IOException, VaultException {
        Optional<OfficerMessageRoutes.Target> target = messages.target(exchange);
        if (target.isEmpty()) {
            return;
        }
        MessageRecords.Found found = target.get().message;
        String deliveryId = exchange.parameter("delivery");
        Optional<Delivery> delivery = vault.deliveries().forMessage(found.messageId()).stream().filter(d -> d.id().equals(deliveryId)).findFirst();
        if (delivery.isEmpty()) {
            exchange.notFound();
            return;
        }
        if (found.destroyedAt().isPresent() || !DeliveryHistory.recallable(delivery.get())) {
            exchange.status(409);
            messages.render(exchange, found, Optional.empty(), Optional.of("This copy was recalled or has expired: there is nothing to announce."));
            return;
        }
        Optional<MessageSummary> summary = vault.summary(found.messageId());
        Optional<String> subject = summary.filter(s -> !s.subjectFlagged()).map(MessageSummary::subject);
        String senderName = senderName(found);
        Optional<LinkToken> token = vault.deliveries().renewToken(deliveryId);
        if (token.isEmpty()) {
            exchange.notFound();
            return;
        }
        try {
            notices.resendNotification(deliveryId, delivery.get().recipient(), senderName, found.sender(), subject,
                config.publicUrl() + "/m/" + token.get().value(), found.expiresAt());
        } catch (Exception e) {
            LOGGER.warn("The notification of delivery {} could not be sent again: {}", deliveryId, e.getClass().getSimpleName());
            exchange.status(503);
            messages.render(exchange, found, Optional.empty(), Optional.of("The notification could not be handed to the mail system. Try "
                + "again in a few minutes; until then the recipient's earlier link does not open the message."));
            return;
        }
        vault.deliveries().record(deliveryId, DeliveryStatus.QUEUED, clock.instant());
        vault.audit().append(AuditAction.NOTIFY, target.get().officer, deliveryId, "resent by an officer; the earlier link no longer opens it");
        messages.render(exchange, found, Optional.of("A new notification is on its way to " + delivery.get().recipient()
            + "; the link of the earlier one no longer opens the message."), Optional.empty());
    }

    /** The sender's name as the sealed message's From gives it (the address when it has none, or the content is gone). */
    private String senderName(MessageRecords.Found found) {
        try {
            String from = threads.page(found.messageId()).from();
            InternetAddress address = new InternetAddress(from);
            return address.getPersonal() != null && !address.getPersonal().isBlank() ? address.getPersonal() : found.sender();
        } catch (AddressException | VaultException | IOException | RuntimeException e) {
            return found.sender();
        }
    }
}
