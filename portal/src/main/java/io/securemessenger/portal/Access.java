package io.securemessenger.portal;

import io.securemessenger.vault.Vault;
import io.securemessenger.vault.account.AccountStore;
import io.securemessenger.vault.delivery.Delivery;
import io.securemessenger.vault.delivery.DeliveryStatus;
import io.securemessenger.vault.store.VaultException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Who may see what, deny by default: a recipient only their own deliveries, a sender only the
 * messages they sealed. Every answer that refuses is "not found", whatever id is in the URL, so an
 * id tells nobody whether it exists. Each check answers the request itself when it refuses.
 */
final class Access {
    private final Vault vault;

    Access(Vault vault) {
        this.vault = vault;
    }

    /** The delivery {@code id} if the signed-in recipient may read it; otherwise the refusal has been sent. */
    Optional<Delivery> ownDelivery(Exchange exchange, String id) throws IOException, VaultException {
        Visit visit = exchange.visit();
        if (visit.principal().isEmpty()) {
            exchange.signInFirst();
            return Optional.empty();
        }
        Optional<Delivery> delivery = vault.deliveries().find(id)
            .filter(d -> !visit.isSender() && AccountStore.normalise(d.recipient()).equals(visit.principal().get()));
        if (delivery.isEmpty()) {
            exchange.notFound();
            return Optional.empty();
        }
        if (unavailable(exchange, delivery.get())) {
            return Optional.empty();
        }
        return delivery;
    }

    /** The signed-in sender; otherwise a sign-in redirect, or not found for a recipient, has been sent. */
    Optional<String> sender(Exchange exchange) throws IOException {
        Visit visit = exchange.visit();
        if (visit.principal().isEmpty()) {
            exchange.signInFirst();
            return Optional.empty();
        }
        if (!visit.isSender()) {
            exchange.notFound();
            return Optional.empty();
        }
        return visit.principal();
    }

    /**
     * The signed-in compliance officer; otherwise the refusal has been sent: an officer who owes their
     * second factor is sent to give it, anyone else signed in gets "not found".
     */
    Optional<String> officer(Exchange exchange) throws IOException {
        Visit visit = exchange.visit();
        if (visit.pendingOfficer().isPresent()) {
            exchange.redirect(OfficerSignInRoutes.SECOND_FACTOR);
            return Optional.empty();
        }
        if (visit.principal().isEmpty()) {
            exchange.signInFirst();
            return Optional.empty();
        }
        if (!visit.isOfficer()) {
            exchange.notFound();
            return Optional.empty();
        }
        return visit.principal();
    }

    /** A message the signed-in sender sealed (not a reply in its thread); otherwise the refusal has been sent. */
    Optional<String> ownMessage(Exchange exchange, String messageId) throws IOException, VaultException {
        Optional<String> sender = sender(exchange);
        if (sender.isEmpty()) {
            return Optional.empty();
        }
        boolean own = vault.records().sender(messageId).map(AccountStore::normalise).equals(sender)
            && vault.records().inReplyTo(messageId).isEmpty();
        if (!own) {
            exchange.notFound();
            return Optional.empty();
        }
        return Optional.of(messageId);
    }

    /** Shows why an expired or withdrawn delivery cannot be read; true when it did. */
    static boolean unavailable(Exchange exchange, Delivery delivery) throws IOException {
        if (delivery.reached(DeliveryStatus.RECALLED)) {
            exchange.status(410);
            exchange.notice("This message was withdrawn", List.of("The sender has withdrawn this message. Contact them if you still need it."),
                Optional.empty());
            return true;
        }
        if (delivery.reached(DeliveryStatus.EXPIRED)) {
            exchange.status(410);
            exchange.notice("This message has expired", List.of("Secure messages can be read for a limited time, and this one has "
                + "been deleted. Contact the sender if you still need it."), Optional.empty());
            return true;
        }
        return false;
    }
}
