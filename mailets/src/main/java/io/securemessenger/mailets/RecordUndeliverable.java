package io.securemessenger.mailets;

import io.securemessenger.vault.Vault;
import io.securemessenger.vault.audit.AuditAction;
import io.securemessenger.vault.delivery.DeliveryStatus;
import io.securemessenger.vault.store.VaultException;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;
import javax.mail.MessagingException;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For a notification that could not be delivered: marks its delivery undeliverable in the vault,
 * audits the bounce, and readdresses the failed notification to the sealed message's sender, so
 * that the {@code DSNBounce} after it sends them the delivery status notification (RFC 3464).
 * A notification without the sender's address (the sealed mail had a null sender) is dropped
 * after being recorded: nobody is there to tell.
 *
 * <pre>{@code
 * <processor state="notification-bounces">
 *     <mailet match="All" class="io.securemessenger.mailets.RecordUndeliverable"/>
 *     <mailet match="All" class="DSNBounce"> ... </mailet>
 * </processor>
 * }</pre>
 */
public class RecordUndeliverable extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(RecordUndeliverable.class);

    private final Vault vault;
    private final Clock clock;

    @Inject
    public RecordUndeliverable(Vault vault) {
        this(vault, Clock.systemUTC());
    }

    RecordUndeliverable(Vault vault, Clock clock) {
        this.vault = vault;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of());
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<String> delivery = AttributeUtils.getValueAndCastFromMail(mail, SealToVault.DELIVERY, String.class);
        if (delivery.isPresent()) {
            try {
                vault.deliveries().record(delivery.get(), DeliveryStatus.UNDELIVERABLE, clock.instant());
                vault.audit().append(AuditAction.BOUNCE, "system", delivery.get(), null);
            } catch (VaultException e) {
                throw new MessagingException("Cannot record the bounce of delivery " + delivery.get() + ": " + e.getMessage(), e);
            }
            LOGGER.info("Notification {} for delivery {} is undeliverable", mail.getName(), delivery.get());
        }
        ReturnToOriginalSender.readdress(mail);
    }

    @Override
    public String getMailetInfo() {
        return "Secure Messenger: record an undeliverable notification";
    }
}
