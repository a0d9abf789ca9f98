package io.securemessenger.mailets;

import io.securemessenger.vault.Vault;
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
 * For a notification the recipient's mail server accepted: its delivery becomes "notified" (until
 * then Sent Items says "notification queued"). First in the processor that {@code RemoteDelivery}'s
 * {@code onSuccess} names; the mail goes on unchanged. A vault that cannot record it now is logged
 * (ids only) and the status stays "queued": the recipient was told all the same.
 *
 * <pre>{@code <processor state="notification-sent">
 *     <mailet match="All" class="io.securemessenger.mailets.RecordNotificationAccepted"/>
 *     ...
 * </processor>}</pre>
 */
public class RecordNotificationAccepted extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(RecordNotificationAccepted.class);

    private final Vault vault;
    private final Clock clock;

    @Inject
    public RecordNotificationAccepted(Vault vault) {
        this(vault, Clock.systemUTC());
    }

    RecordNotificationAccepted(Vault vault, Clock clock) {
        this.vault = vault;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of());
    }

    @Override
    public void service(Mail mail) {
        Optional<String> delivery = AttributeUtils.getValueAndCastFromMail(mail, SealToVault.DELIVERY, String.class);
        if (delivery.isEmpty()) {
            return;
        }
        try {
            vault.deliveries().record(delivery.get(), DeliveryStatus.NOTIFIED, clock.instant());
        } catch (VaultException e) {
            LOGGER.warn("Delivery {}: its notification was accepted, but the vault could not record it: {}", delivery.get(), e.getMessage());
        }
    }

    @Override
    public String getMailetInfo() {
        return "Secure Messenger: record a notification the recipient's server accepted";
    }
}
