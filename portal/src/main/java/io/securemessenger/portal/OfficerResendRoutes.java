package io.securemessenger.portal;

import io.securemessenger.vault.Vault;
import io.securemessenger.vault.delivery.Delivery;
import io.securemessenger.vault.store.MessageRecords;
import io.securemessenger.vault.store.VaultException;
import java.io.IOException;
import java.util.Optional;
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
    private final NotificationResender resender;

    OfficerResendRoutes(Vault vault, OfficerMessageRoutes messages, Threads threads, NotificationResender resender) {
        this.vault = vault;
        this.messages = messages;
        this.threads = threads;
        this.resender = resender;
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
        // The kept page names the sender; a message never opened on the portal has none yet.
        threads.page(found.messageId());
        NotificationResender.Outcome outcome;
        try {
            outcome = resender.resend(found, deliveryId, target.get().officer);
        } catch (VaultException e) {
            throw e;
        } catch (Exception e) {
            LOGGER.warn("The notification of delivery {} could not be sent again: {}", deliveryId, e.getClass().getSimpleName());
            exchange.status(503);
            messages.render(exchange, found, Optional.empty(), Optional.of("The notification could not be handed to the mail system. Try "
                + "again in a few minutes; until then the recipient's earlier link does not open the message."));
            return;
        }
        switch (outcome) {
            case NO_SUCH_DELIVERY:
                exchange.notFound();
                return;
            case NOTHING_TO_ANNOUNCE:
                exchange.status(409);
                messages.render(exchange, found, Optional.empty(), Optional.of("This copy was recalled or has expired: there is nothing to announce."));
                return;
            default:
                String recipient = vault.deliveries().find(deliveryId).map(Delivery::recipient).orElse("the recipient");
                messages.render(exchange, found, Optional.of("A new notification is on its way to " + recipient
                    + "; the link of the earlier one no longer opens the message."), Optional.empty());
        }
    }
}
