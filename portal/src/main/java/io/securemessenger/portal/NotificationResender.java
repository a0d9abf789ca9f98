package io.securemessenger.portal;

import io.securemessenger.portal.message.MessagePage;
import io.securemessenger.vault.MessageSummary;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.audit.AuditAction;
import io.securemessenger.vault.delivery.Delivery;
import io.securemessenger.vault.delivery.DeliveryStatus;
import io.securemessenger.vault.delivery.LinkToken;
import io.securemessenger.vault.store.MessageRecords;
import io.securemessenger.vault.store.VaultException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Optional;
import javax.mail.internet.InternetAddress;

/**
 * Sends a recipient's notification of a sealed message again, for the officer's console and its
 * WebAdmin route alike: the delivery gets a new link (the earlier one stops opening the message),
 * the notification goes out through {@link OfficerNotices} as the first did (its subject withheld
 * when the DLP policy flagged it), and the delivery is recorded as queued (unless the mail system
 * delivered it already) and the act audited.
 */
public final class NotificationResender {
    /** What became of a request. */
    public enum Outcome { SENT, NO_SUCH_DELIVERY, NOTHING_TO_ANNOUNCE }

    private final Vault vault;
    private final OfficerNotices notices;
    private final String publicUrl;
    private final Clock clock;

    public NotificationResender(Vault vault, OfficerNotices notices, String publicUrl, Clock clock) {
        this.vault = vault;
        this.notices = notices;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    /** Resends the notification of {@code deliveryId} (one of {@code message}'s) as {@code actor}; the notices' failure is thrown. */
    public Outcome resend(MessageRecords.Found message, String deliveryId, String actor) throws Exception {
        Optional<Delivery> delivery = vault.deliveries().forMessage(message.messageId()).stream().filter(d -> d.id().equals(deliveryId)).findFirst();
        if (delivery.isEmpty()) {
            return Outcome.NO_SUCH_DELIVERY;
        }
        if (message.destroyedAt().isPresent() || delivery.get().reached(DeliveryStatus.RECALLED) || delivery.get().reached(DeliveryStatus.EXPIRED)) {
            return Outcome.NOTHING_TO_ANNOUNCE;
        }
        Optional<String> subject = vault.summary(message.messageId()).filter(s -> !s.subjectFlagged()).map(MessageSummary::subject);
        Optional<LinkToken> token = vault.deliveries().renewToken(deliveryId);
        if (token.isEmpty()) {
            return Outcome.NO_SUCH_DELIVERY;
        }
        int knownEvents = delivery.get().history().size();
        notices.resendNotification(deliveryId, delivery.get().recipient(), senderName(message), message.sender(), subject,
            publicUrl + "/m/" + token.get().value(), message.expiresAt());
        vault.deliveries().recordQueued(deliveryId, clock.instant(), knownEvents);
        vault.audit().append(AuditAction.NOTIFY, actor, deliveryId, "resent by an officer; the earlier link no longer opens it");
        return Outcome.SENT;
    }

    /** The sender's name as the sealed message's From gives it (its kept page); the address when it has none or cannot be read. */
    private String senderName(MessageRecords.Found message) {
        try {
            Optional<InputStream> kept = vault.messages().openIfPresent(message.messageId(), MessagePage.PART, vault.keyRing());
            if (kept.isPresent()) {
                try (InputStream in = kept.get()) {
                    String personal = new InternetAddress(MessagePage.read(in).from()).getPersonal();
                    if (personal != null && !personal.isBlank()) {
                        return personal;
                    }
                }
            }
        } catch (VaultException | java.io.IOException | javax.mail.internet.AddressException | RuntimeException e) {
            // The address says who sent it as well.
        }
        return message.sender();
    }
}
